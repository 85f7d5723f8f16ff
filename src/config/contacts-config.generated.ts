/* eslint-disable */
/**
 * Generated from schemas/contacts.schema.json by `npm run generate`. Do not edit by hand:
 * change the schema and run the generator again.
 */

/**
 * A UUID as MaiAgent writes it (8-4-4-4-12 hexadecimal digits).
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "uuid".
 */
export type Uuid = string;
/**
 * An alias declared in this config, or a raw UUID.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "reference".
 */
export type Reference = string;
/**
 * An alias: letters, digits, `_`, `-` and `.`, starting with a letter or digit.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "aliasName".
 */
export type AliasName = string;
/**
 * A boolean expression over labels: a label alias or UUID, `{any: [...]}` (OR) or `{all: [...]}` (AND), nested freely. It becomes `label_relations`.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "labelExpression".
 */
export type LabelExpression =
  | Reference
  | {
      /**
       * Any of these must hold (OR).
       */
      any: LabelExpression[];
    }
  | {
      /**
       * All of these must hold (AND).
       */
      all: LabelExpression[];
    };
/**
 * One condition of a `label_relations` group: a label id or a nested group.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "apiLabelCondition".
 */
export type ApiLabelCondition =
  | {
      /**
       * A UUID as MaiAgent writes it (8-4-4-4-12 hexadecimal digits).
       */
      label_id: string;
    }
  | ApiLabelGroup;
/**
 * One roster: where the rows come from (exactly one of `csv`, `jsonl`, `postgres`), which column holds each contact field, defaults, and how business levels map to tiers.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "roster".
 */
export type Roster = {
  /**
   * Path of a CSV file (RFC 4180: a header row, quotes, embedded newlines, BOM and CRLF allowed), relative to this config file.
   */
  csv?: string;
  /**
   * Path of a JSON Lines file (one JSON object a line), relative to this config file.
   */
  jsonl?: string;
  /**
   * A read-only query against the business database, streamed with a cursor in a READ ONLY transaction.
   */
  postgres?: {
    /**
     * Name of the environment variable that holds the connection string (postgres://user:password@host/db). The connection string is never written in the config.
     */
    url_env: string;
    /**
     * The SELECT that returns one row per contact, e.g. `SELECT id, display_name, level FROM members`.
     */
    query: string;
  };
  /**
   * Contact field -> column name. A field not listed is read from the column of its own name, when there is one.
   */
  columns?: {
    /**
     * The column (CSV header, JSON key or SQL column) that holds `source_id`. Default: `source_id`.
     */
    source_id?: string;
    /**
     * The column (CSV header, JSON key or SQL column) that holds `name`. Default: `name`.
     */
    name?: string;
    /**
     * The column (CSV header, JSON key or SQL column) that holds `avatar`. Default: `avatar`.
     */
    avatar?: string;
    /**
     * The column (CSV header, JSON key or SQL column) that holds `inbox`. Default: `inbox`.
     */
    inbox?: string;
    /**
     * The column (CSV header, JSON key or SQL column) that holds `tier`. Default: `tier`.
     */
    tier?: string;
  };
  /**
   * A value for a field that has no column (or whose cell is empty), e.g. `inbox: line` for every row of a file of LINE members.
   */
  defaults?: {
    /**
     * Display name for rows without one.
     */
    name?: string;
    /**
     * Avatar image URL (https) for rows without one.
     */
    avatar?: string;
    /**
     * An alias declared in this config, or a raw UUID.
     */
    inbox?: string;
    /**
     * An alias: letters, digits, `_`, `-` and `.`, starting with a letter or digit.
     */
    tier?: string;
  };
  /**
   * Business level -> tier (e.g. `GOLD: vip`). With it, the tier column holds levels, and a level not listed is an error.
   */
  tier_map?: {
    [k: string]: AliasName;
  };
} & Roster1;
export type Roster1 =
  | {
      csv: unknown;
    }
  | {
      jsonl: unknown;
    }
  | {
      postgres: unknown;
    };
/**
 * An assertion that a contact or tier can, or cannot, reach a piece of content.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "permissionTest".
 */
export type PermissionTest = (
  | {
      contact: unknown;
    }
  | {
      tier: unknown;
    }
) &
  (
    | {
        can: unknown;
      }
    | {
        cannot: unknown;
      }
  ) & {
    /**
     * Name shown in test output.
     */
    name: string;
    /**
     * The contact address `<inbox alias>/<source_id>` (a raw inbox UUID works in place of the alias).
     */
    contact?: string;
    /**
     * An alias: letters, digits, `_`, `-` and `.`, starting with a letter or digit.
     */
    tier?: string;
    can?: Access;
    cannot?: Access1;
  };

/**
 * A mai-contacts configuration file: MaiAgent contacts, the tiers of access they belong to, and the guardrails and assertions on that access.
 */
export interface ContactsConfig {
  /**
   * Version of the config language. Always 1.
   */
  version?: 1;
  /**
   * How request bodies are shaped for the MaiAgent Contacts API.
   */
  api?: {
    /**
     * How the inbox is sent in contact request bodies: `inbox` (the seed's documented string id, the default) or `inboxes` (the current `[{id}]` list).
     */
    inbox_field?: 'inbox' | 'inboxes';
  };
  /**
   * What apply does to a contact that is in state but no longer in the config: `revoke` (the default) PUTs a deny-all query_metadata and keeps the contact, `delete` deletes it (also needs --allow-delete), `keep` forgets it and leaves it untouched.
   */
  on_removal?: 'revoke' | 'delete' | 'keep';
  /**
   * Inbox (conversation platform) aliases: alias -> inbox UUID.
   */
  inboxes?: {
    [k: string]: Uuid;
  };
  /**
   * Knowledge-base label aliases: alias -> label UUID.
   */
  labels?: {
    [k: string]: Uuid;
  };
  /**
   * Knowledge-base aliases, with the files and FAQs inside each that grants may name.
   */
  knowledge_bases?: {
    [k: string]: KnowledgeBase;
  };
  /**
   * Named bundles of access (VIP, member, visitor …) that contacts belong to.
   */
  tiers?: {
    [k: string]: Tier;
  };
  /**
   * The contacts this config manages. Each is identified by (inbox, source_id).
   */
  contacts?: Contact[];
  /**
   * Contacts read from the business system beside `contacts:`: CSV or JSON Lines files, or a read-only PostgreSQL query. Each row is one contact; the tiers stay in YAML.
   */
  rosters?: Roster[];
  /**
   * Guardrails: access that must never be granted. A violation fails validate and plan.
   */
  policies?: Policy[];
  /**
   * Permission assertions run by `mai-contacts test`, validate and plan.
   */
  tests?: PermissionTest[];
}
/**
 * A knowledge base: its UUID, the inboxes whose assistant can use it, and aliases for its files and FAQs.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "knowledgeBase".
 */
export interface KnowledgeBase {
  /**
   * A UUID as MaiAgent writes it (8-4-4-4-12 hexadecimal digits).
   */
  id: string;
  /**
   * Free text for reviewers.
   */
  description?: string;
  /**
   * The inboxes (aliases or UUIDs) whose assistant can use this knowledge base. When set, only contacts of these inboxes may be granted it.
   */
  inboxes?: Reference[];
  /**
   * File aliases inside this knowledge base: alias -> chatbot file UUID.
   */
  files?: {
    [k: string]: Uuid;
  };
  /**
   * FAQ aliases inside this knowledge base: alias -> FAQ UUID.
   */
  faqs?: {
    [k: string]: Uuid;
  };
}
/**
 * A named bundle of access.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "tier".
 */
export interface Tier {
  /**
   * Free text for reviewers.
   */
  description?: string;
  /**
   * Tier or tiers whose grants this tier inherits. Knowledge-base grants merge by KB (this tier's entry replaces the parent's); labels set here replace the parent's.
   */
  extends?: AliasName | [AliasName, ...AliasName[]];
  /**
   * Label condition (label_relations).
   */
  labels?:
    | Reference
    | {
        /**
         * Any of these must hold (OR).
         */
        any: LabelExpression[];
      }
    | {
        /**
         * All of these must hold (AND).
         */
        all: LabelExpression[];
      };
  /**
   * Knowledge-base grants.
   */
  knowledge_bases?: KnowledgeBaseGrant[];
}
/**
 * Access to one knowledge base. Becomes `{knowledge_base_id, chatbot_file_ids, faq_ids, has_user_selected_all}`.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "knowledgeBaseGrant".
 */
export interface KnowledgeBaseGrant {
  /**
   * An alias declared in this config, or a raw UUID.
   */
  kb: string;
  /**
   * Files of this knowledge base that may be referenced (aliases or UUIDs).
   */
  files?: Reference[];
  /**
   * FAQ entries of this knowledge base that may be referenced (aliases or UUIDs).
   */
  faqs?: Reference[];
  /**
   * Everything in this knowledge base (`has_user_selected_all: "True"`). Defaults to false.
   */
  all?: boolean;
}
/**
 * A contact: one end customer (or a shared anonymous identity) and what its conversations may draw on.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "contact".
 */
export interface Contact {
  /**
   * The business system's user id: the natural key, unique within the inbox.
   */
  source_id: string;
  /**
   * Display name of the contact.
   */
  name: string;
  /**
   * Avatar image URL (https).
   */
  avatar?: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  inbox: string;
  /**
   * An alias: letters, digits, `_`, `-` and `.`, starting with a letter or digit.
   */
  tier?: string;
  /**
   * A boolean expression over labels: a label alias or UUID, `{any: [...]}` (OR) or `{all: [...]}` (AND), nested freely. It becomes `label_relations`.
   */
  labels?:
    | Reference
    | {
        /**
         * Any of these must hold (OR).
         */
        any: LabelExpression[];
      }
    | {
        /**
         * All of these must hold (AND).
         */
        all: LabelExpression[];
      };
  /**
   * Knowledge-base grants for this contact; merged over the tier's by KB.
   */
  knowledge_bases?: KnowledgeBaseGrant[];
  query_metadata?: QueryMetadata;
}
/**
 * Escape hatch: the raw Contacts API `query_metadata` object in the seed's snake_case shape, sent as written (UUIDs only, no aliases). `knowledge_bases` and `label_relations` are checked against the documented shape; other keys (free-form metadata, as in MaiAgent's own examples) pass through. Excludes tier, labels and knowledge_bases.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "queryMetadata".
 */
export interface QueryMetadata {
  label_relations?: ApiLabelGroup;
  /**
   * Knowledge bases the contact may query. Empty or absent means nothing can be queried.
   */
  knowledge_bases?: ApiKnowledgeBase[];
  [k: string]: unknown;
}
/**
 * A `label_relations` group: documents must satisfy this AND/OR tree of label ids.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "apiLabelGroup".
 */
export interface ApiLabelGroup {
  /**
   * `AND` (all conditions hold) or `OR` (any holds).
   */
  operator: 'AND' | 'OR';
  /**
   * Label ids or nested groups.
   */
  conditions: ApiLabelCondition[];
}
/**
 * One entry of `query_metadata.knowledge_bases`.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "apiKnowledgeBase".
 */
export interface ApiKnowledgeBase {
  /**
   * A UUID as MaiAgent writes it (8-4-4-4-12 hexadecimal digits).
   */
  knowledge_base_id: string;
  /**
   * Chatbot file UUIDs of this knowledge base that may be queried.
   */
  chatbot_file_ids?: Uuid[];
  /**
   * FAQ UUIDs of this knowledge base that may be queried.
   */
  faq_ids?: Uuid[];
  /**
   * Whether everything in the knowledge base may be queried, as the string "True" or "False".
   */
  has_user_selected_all?: 'True' | 'False';
}
/**
 * A guardrail: contacts in scope must never reach the denied content.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "policy".
 */
export interface Policy {
  /**
   * Name shown when the policy is violated.
   */
  name: string;
  /**
   * Free text for reviewers.
   */
  description?: string;
  /**
   * Scope: contacts whose own tier is one of these, and these tiers themselves (not tiers that extend them). Without `tiers` or `inboxes`: every contact and every tier.
   *
   * @minItems 1
   */
  tiers?: [AliasName, ...AliasName[]];
  /**
   * Scope: contacts of these inboxes (aliases or UUIDs).
   *
   * @minItems 1
   */
  inboxes?: [Reference, ...Reference[]];
  deny: PolicyDeny;
}
/**
 * Content the policy forbids: a knowledge base, optionally narrowed to one file or FAQ and to documents carrying these labels.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "policyDeny".
 */
export interface PolicyDeny {
  /**
   * An alias declared in this config, or a raw UUID.
   */
  kb: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  file?: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  faq?: string;
  /**
   * Labels of the forbidden files. Without labels, the deny is violated if the content is reachable under any set of labels; with labels, if a file carrying them is reachable because of them (no label condition, or a way to satisfy it that uses one of them).
   */
  labels?: Reference[];
}
/**
 * Content the subject must be able to reach.
 */
export interface Access {
  /**
   * An alias declared in this config, or a raw UUID.
   */
  kb: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  file?: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  faq?: string;
  /**
   * Labels the document carries (aliases or UUIDs), exactly. Omitted: the question is whether the content is reachable under some set of labels. With neither `file` nor `faq`, labels describe a file of the knowledge base (label_relations filters files, not FAQs).
   */
  labels?: Reference[];
}
/**
 * Content the subject must not be able to reach.
 */
export interface Access1 {
  /**
   * An alias declared in this config, or a raw UUID.
   */
  kb: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  file?: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  faq?: string;
  /**
   * Labels the document carries (aliases or UUIDs), exactly. Omitted: the question is whether the content is reachable under some set of labels. With neither `file` nor `faq`, labels describe a file of the knowledge base (label_relations filters files, not FAQs).
   */
  labels?: Reference[];
}
/**
 * A piece of content: a knowledge base, optionally one file or one FAQ in it, and the labels the document carries.
 *
 * This interface was referenced by `ContactsConfig`'s JSON-Schema
 * via the `definition` "access".
 */
export interface Access2 {
  /**
   * An alias declared in this config, or a raw UUID.
   */
  kb: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  file?: string;
  /**
   * An alias declared in this config, or a raw UUID.
   */
  faq?: string;
  /**
   * Labels the document carries (aliases or UUIDs), exactly. Omitted: the question is whether the content is reachable under some set of labels. With neither `file` nor `faq`, labels describe a file of the knowledge base (label_relations filters files, not FAQs).
   */
  labels?: Reference[];
}
