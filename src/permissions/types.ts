/**
 * The access model's vocabulary. Everything here is in UUIDs (lower-cased); aliases only appear
 * when a result is rendered for people (see `names.ts`).
 */
/**
 * A piece of content a contact may or may not reach: a knowledge base, optionally one file or one
 * FAQ in it, and the labels it carries. `labels` undefined means "under some set of labels": the
 * question is whether any labelling of the content would be reachable.
 */
export interface Document {
  kb: string;
  file?: string;
  faq?: string;
  labels?: readonly string[];
}

/** The set of files (or FAQs) of one knowledge base a grant admits. */
export interface ContentSet {
  /** Every item of the kind in the knowledge base, declared or not. */
  all: boolean;
  /** The admitted ids when `all` is false (sorted, lower-cased). */
  ids: string[];
  /** Which rule of `ACCESS_RULES` produced this set. */
  rule: AccessRuleId;
}

/** What a query_metadata reaches in one knowledge base. Files are further filtered by `Reach.labels`. */
export interface KnowledgeBaseReach {
  kb: string;
  files: ContentSet;
  faqs: ContentSet;
}

/**
 * A label expression, normalised: lower-cased ids, upper-case operators, and anything unreadable
 * kept as `invalid` (which never holds).
 */
export type LabelExpr = { label: string } | { op: 'AND' | 'OR'; of: LabelExpr[] } | { invalid: string };

/** The label condition on files, in the two forms the model needs. */
export interface LabelCondition {
  expression: LabelExpr;
  /**
   * The minimal sets of labels that satisfy it (prime implicants), sorted; `[]` when nothing can.
   * Undefined when the expression is too large to expand (comparisons then fall back to equality).
   */
  terms?: string[][];
}

/** Everything one query_metadata reaches, normalised: the unit of comparison and rendering. */
export interface Reach {
  /** Granted knowledge bases, sorted by id. Empty: nothing can be queried. */
  knowledgeBases: KnowledgeBaseReach[];
  /** Label condition on files; undefined when there is none. */
  labels?: LabelCondition;
  /** Parts of the query_metadata the model could not read, each read as granting nothing. */
  problems: string[];
}

export type AccessRuleId =
  | 'no-knowledge-bases'
  | 'kb-not-granted'
  | 'duplicate-kb-entries'
  | 'select-all'
  | 'file-listed'
  | 'file-not-listed'
  | 'files-by-labels'
  | 'files-none'
  | 'files-all-when-empty'
  | 'faqs-none-when-empty'
  | 'faq-listed'
  | 'faq-not-listed'
  | 'faqs-all-when-empty'
  | 'labels-absent'
  | 'labels-hold'
  | 'labels-fail'
  | 'labels-unsatisfiable'
  | 'labels-not-for-faqs'
  | 'malformed';

/** The answer to "can this query_metadata reach that document?", with the rules that decided it. */
export interface Decision {
  allowed: boolean;
  /** The rule that decided (the last one applied). */
  rule: AccessRuleId;
  /** Every rule applied, in order: the knowledge base, then the file/FAQ rule, then labels. */
  rules: AccessRuleId[];
  /** One sentence naming the rules, with aliases where `Names` knows them. */
  reason: string;
}
