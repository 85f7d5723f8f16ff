/**
 * One bad config per rule and per hostile-input case (test/fixtures/bad/): the rule it must trip and
 * the line it must name. Shared by the in-process test and the CLI contract test.
 */
export interface BadCase {
  /** File or directory under test/fixtures/bad/. */
  fixture: string;
  rule: string;
  /** The file (relative to test/fixtures/bad/) the diagnostic names, when not `fixture` itself. */
  file?: string;
  line: number;
  severity?: 'error' | 'warning';
  /** Other errors the fixture is allowed to produce (one problem can break two rules). */
  alsoErrors?: string[];
  maxFileSize?: number;
}

export const BAD_CASES: readonly BadCase[] = [
  // Hostile or broken input, refused by the loader.
  { fixture: 'too-large.yaml', rule: 'file-too-large', line: 1, maxFileSize: 64 },
  { fixture: 'not-utf8.yaml', rule: 'file-not-utf8', line: 3 },
  { fixture: 'syntax-error.yaml', rule: 'yaml-syntax', line: 4 },
  { fixture: 'multi-document.yaml', rule: 'yaml-syntax', line: 2 },
  { fixture: 'unknown-tag.yaml', rule: 'yaml-syntax', line: 4 },
  { fixture: 'duplicate-key.yaml', rule: 'yaml-duplicate-key', line: 5 },
  { fixture: 'complex-key.yaml', rule: 'yaml-complex-key', line: 3 },
  { fixture: 'proto-key.yaml', rule: 'forbidden-key', line: 4 },
  { fixture: 'constructor-key.yaml', rule: 'forbidden-key', line: 6 },
  { fixture: 'too-deep.yaml', rule: 'yaml-too-deep', line: 2 },
  { fixture: 'too-deep-via-alias.yaml', rule: 'yaml-too-deep', line: 4 },
  { fixture: 'alias-bomb.yaml', rule: 'yaml-alias-limit', line: 8 },
  { fixture: 'recursive-alias.yaml', rule: 'yaml-recursive-alias', line: 5 },
  {
    fixture: 'duplicate-definition',
    file: 'duplicate-definition/b.yaml',
    rule: 'duplicate-definition',
    line: 3,
  },
  // The schema.
  { fixture: 'unknown-property.yaml', rule: 'schema-unknown-property', line: 6 },
  { fixture: 'missing-source-id.yaml', rule: 'schema-required', line: 12 },
  { fixture: 'wrong-type.yaml', rule: 'schema-type', line: 8 },
  { fixture: 'bad-enum.yaml', rule: 'schema-enum', line: 2 },
  { fixture: 'bad-version.yaml', rule: 'schema-const', line: 1 },
  { fixture: 'avatar-not-url.yaml', rule: 'schema-format', line: 10 },
  { fixture: 'malformed-uuid-alias.yaml', rule: 'malformed-uuid', line: 3 },
  { fixture: 'query-metadata-with-tier.yaml', rule: 'schema-conflicting-properties', line: 11 },
  { fixture: 'test-both-subjects.yaml', rule: 'schema-one-of', line: 15 },
  { fixture: 'bad-label-expression.yaml', rule: 'schema-any-of', line: 8 },
  { fixture: 'bad-alias-name.yaml', rule: 'invalid-alias-name', line: 3 },
  { fixture: 'bad-test-address.yaml', rule: 'schema-pattern', line: 16 },
  { fixture: 'empty-name.yaml', rule: 'schema-length', line: 9 },
  // The semantic rules.
  { fixture: 'unknown-inbox.yaml', rule: 'unknown-inbox', line: 14 },
  { fixture: 'unknown-label.yaml', rule: 'unknown-label', line: 9 },
  { fixture: 'unknown-knowledge-base.yaml', rule: 'unknown-knowledge-base', line: 10 },
  { fixture: 'unknown-file.yaml', rule: 'unknown-file', line: 12 },
  { fixture: 'faq-of-other-kb.yaml', rule: 'unknown-faq', line: 15 },
  { fixture: 'unknown-tier.yaml', rule: 'unknown-tier', line: 17 },
  { fixture: 'unknown-tier-in-policy.yaml', rule: 'unknown-tier', line: 16 },
  { fixture: 'unknown-tier-in-test.yaml', rule: 'unknown-tier', line: 16 },
  { fixture: 'unknown-contact.yaml', rule: 'unknown-contact', line: 19 },
  { fixture: 'malformed-uuid-reference.yaml', rule: 'malformed-uuid', line: 8 },
  { fixture: 'duplicate-address.yaml', rule: 'duplicate-address', line: 12 },
  { fixture: 'extends-cycle.yaml', rule: 'extends-cycle', line: 8 },
  { fixture: 'kb-not-in-inbox.yaml', rule: 'kb-not-in-inbox', line: 12 },
  { fixture: 'avatar-not-https.yaml', rule: 'avatar-not-https', line: 10 },
  { fixture: 'empty-label-group.yaml', rule: 'empty-label-group', line: 11 },
  {
    fixture: 'secret-like-field.yaml',
    rule: 'secret-like-field',
    line: 2,
    alsoErrors: ['schema-unknown-property'],
  },
  {
    fixture: 'secret-in-query-metadata.yaml',
    rule: 'secret-like-field',
    line: 10,
    alsoErrors: ['schema-unknown-property'],
  },
  { fixture: 'unsafe-character.yaml', rule: 'unsafe-character', line: 9 },
  { fixture: 'surrounding-whitespace.yaml', rule: 'surrounding-whitespace', line: 12 },
  { fixture: 'blank-value.yaml', rule: 'blank-value', line: 9 },
  { fixture: 'confusable-source-id.yaml', rule: 'confusable-source-id', line: 12 },
  { fixture: 'policy-violation.yaml', rule: 'policy-violation', line: 10 },
  { fixture: 'permission-test-failed.yaml', rule: 'permission-test-failed', line: 17 },
  // Warnings: they fail only with --strict.
  { fixture: 'duplicate-uuid.yaml', rule: 'duplicate-uuid', line: 6, severity: 'warning' },
  { fixture: 'contact-without-grants.yaml', rule: 'contact-without-grants', line: 12, severity: 'warning' },
  { fixture: 'all-with-lists.yaml', rule: 'all-with-lists', line: 13, severity: 'warning' },
  { fixture: 'unused-alias.yaml', rule: 'unused-alias', line: 5, severity: 'warning' },
  { fixture: 'unused-tier.yaml', rule: 'unused-tier', line: 7, severity: 'warning' },
  { fixture: 'similar-source-id.yaml', rule: 'similar-source-id', line: 12, severity: 'warning' },
  { fixture: 'empty-config.yaml', rule: 'empty-config', line: 2, severity: 'warning' },
];
