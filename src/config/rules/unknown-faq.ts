import { kbMemberRule } from './kb-member-rule.js';

export const unknownFaq = kbMemberRule({ id: 'unknown-faq', kind: 'faq', section: 'faqs' });
