/**
 * A contact's identity: (inbox UUID lower-cased, source_id). Its key string is `<inbox uuid>/<source_id>`;
 * the first `/` separates the two, as a UUID never contains one. Addresses (`<inbox alias>/<source_id>`)
 * are for people; renaming an alias changes an address, never an identity.
 */
export function identityKey(inboxId: string, sourceId: string): string {
  return `${inboxId.toLowerCase()}/${sourceId}`;
}

export function parseIdentityKey(key: string): { inboxId: string; sourceId: string } {
  const slash = key.indexOf('/');
  return { inboxId: key.slice(0, slash), sourceId: key.slice(slash + 1) };
}
