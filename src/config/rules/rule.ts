/** The shape of a semantic rule: a stable id, a default severity, and a check over the merged config. */
import type { ContactsConfig } from '../contacts-config.generated.js';
import type { Severity } from '../diagnostic.js';
import type { LoadedConfig } from '../load-config.js';
import type { PathSegment } from '../parse-yaml.js';

export interface Finding {
  message: string;
  hint: string;
  /** Path into the merged config of the node at fault. */
  path: PathSegment[];
  part?: 'key' | 'value';
  severity?: Severity;
}

export interface RuleContext {
  config: LoadedConfig;
  value: ContactsConfig;
  report(finding: Finding): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  check(context: RuleContext): void;
}
