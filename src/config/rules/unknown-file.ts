import { kbMemberRule } from './kb-member-rule.js';

export const unknownFile = kbMemberRule({ id: 'unknown-file', kind: 'file', section: 'files' });
