/** The shape of a semantic rule: a stable id, a default severity, and a check over the merged config. */
import type { ContactsConfig } from '../contacts-config.generated.js';
import type { Severity, SourceLocation } from '../diagnostic.js';
import type { LoadedConfig } from '../load-config.js';
import type { PathSegment } from '../parse-yaml.js';
import type { Node } from './walk-config.js';

export interface Finding {
  message: string;
  hint: string;
  /** Path into the merged config of the node at fault. */
  path: PathSegment[];
  part?: 'key' | 'value';
  /** The other place, for a finding about two (the first declaration of a duplicate). */
  also?: SourceLocation;
  severity?: Severity;
}

export interface RuleContext {
  config: LoadedConfig;
  /** The merged config, typed as the schema says. It may be schema-invalid: prefer `root` with walk-config. */
  value: ContactsConfig;
  /** The same merged config, untyped, for the defensive helpers of walk-config.ts. */
  root: Node;
  report(finding: Finding): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** How such a finding is usually fixed, for the rules table and SARIF (each finding has its own hint). */
  fix?: string;
  /**
   * The rule evaluates access (policies, permission tests) and needs a sound config: it runs only when
   * the merged config satisfies the schema and no earlier rule found an error.
   */
  needsSoundConfig?: boolean;
  check(context: RuleContext): void;
}
