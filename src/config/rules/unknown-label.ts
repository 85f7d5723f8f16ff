import { unknownAliasRule } from './unknown-alias-rule.js';

export const unknownLabel = unknownAliasRule({
  id: 'unknown-label',
  kind: 'label',
  section: 'labels',
  noun: 'label',
  example: '`vip: <label UUID>`',
});
