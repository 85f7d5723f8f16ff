import { unknownAliasRule } from './unknown-alias-rule.js';

export const unknownInbox = unknownAliasRule({
  id: 'unknown-inbox',
  kind: 'inbox',
  section: 'inboxes',
  noun: 'inbox',
  example: '`web-chat: <inbox UUID>`',
});
