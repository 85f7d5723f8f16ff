/**
 * The semantic rules over the config alone, in the order they run (src/validate/rules.ts adds the
 * access rules after them). Ids are stable: they appear in output, SARIF and docs.
 */
import { allWithLists } from './all-with-lists.js';
import { avatarNotHttps } from './avatar-not-https.js';
import { contactWithoutGrants } from './contact-without-grants.js';
import { duplicateAddress } from './duplicate-address.js';
import { duplicateUuid } from './duplicate-uuid.js';
import { emptyLabelGroup } from './empty-label-group.js';
import { extendsCycle } from './extends-cycle.js';
import { kbNotInInbox } from './kb-not-in-inbox.js';
import { malformedUuid } from './malformed-uuid.js';
import type { Rule } from './rule.js';
import { secretLikeField } from './secret-like-field.js';
import {
  blankValue,
  confusableSourceId,
  emptyConfig,
  similarSourceId,
  surroundingWhitespace,
  unsafeCharacter,
} from './text-rules.js';
import { unknownContact } from './unknown-contact.js';
import { unknownFaq } from './unknown-faq.js';
import { unknownFile } from './unknown-file.js';
import { unknownInbox } from './unknown-inbox.js';
import { unknownKnowledgeBase } from './unknown-knowledge-base.js';
import { unknownLabel } from './unknown-label.js';
import { unknownTier } from './unknown-tier.js';
import { unusedAlias } from './unused-alias.js';
import { unusedTier } from './unused-tier.js';

export const CONFIG_RULES: readonly Rule[] = [
  unknownInbox,
  unknownLabel,
  unknownKnowledgeBase,
  unknownFile,
  unknownFaq,
  unknownTier,
  unknownContact,
  malformedUuid,
  duplicateAddress,
  duplicateUuid,
  extendsCycle,
  contactWithoutGrants,
  kbNotInInbox,
  allWithLists,
  avatarNotHttps,
  emptyLabelGroup,
  unusedAlias,
  unusedTier,
  secretLikeField,
  unsafeCharacter,
  surroundingWhitespace,
  blankValue,
  confusableSourceId,
  similarSourceId,
  emptyConfig,
];
