/**
 * Recognising and masking credentials in text: the secret-like-field rule flags such keys in a config,
 * and a code frame masks their values so it never repeats a credential into CI logs.
 */
const SECRET_KEY = /api_?key|token|passw(or)?d|secret|credential|authorization|private_?key|access_?key/;

/** Keys that look like credentials (`api_key`, `token`, `password` …), anywhere in the config. */
const secretKeys = new Map<string, boolean>();

export function isSecretLikeKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = testSecretKey(key);
    // Field names repeat across 100,000 contacts; user-chosen keys are few. Bounded all the same.
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

function testSecretKey(key: string): boolean {
  return SECRET_KEY.test(
    key
      .toLowerCase()
      .replace(/[-\s.]/g, '_')
      .replace(/_+/g, '_'),
  );
}

/** `api_key: abc` -> `api_key: ***` (also inside flow mappings). */
export function maskSecrets(line: string): string {
  return line
    .replace(/\b(api-key|bearer|token|basic)(\s+)[A-Za-z0-9._~+/=-]{16,}/gi, '$1$2***')
    .replace(
      /([A-Za-z0-9_.-]+)(["']?\s*:\s*)([^,}\]#\s][^,}\]#]*)/g,
      (all, key: string, colon: string, value: string) =>
        isSecretLikeKey(key)
          ? `${key}${colon}${'*'.repeat(Math.min(8, Math.max(3, value.trim().length)))}`
          : all,
    );
}
