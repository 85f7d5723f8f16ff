import { unknownAliasRule } from './unknown-alias-rule.js';

export const unknownKnowledgeBase = unknownAliasRule({
  id: 'unknown-knowledge-base',
  kind: 'knowledge-base',
  section: 'knowledge_bases',
  noun: 'knowledge base',
  example: '`product-docs: { id: <knowledge base UUID> }`',
});
