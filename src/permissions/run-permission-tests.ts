/** Runs the config's `tests:`: each asserts that a tier or a contact can, or cannot, reach some content. */
import type { ContactsConfig, PermissionTest } from '../config/contacts-config.generated.js';
import type { PathSegment } from '../config/parse-yaml.js';
import { decide } from './can-reach.js';
import { describeDocument } from './describe.js';
import { createNames, type Names } from './names.js';
import { resolveAccess } from './resolve-access.js';
import { reachOf } from './summarize-reach.js';
import { createSubjects, type Subject, type Subjects } from './subjects.js';
import type { AccessRuleId } from './types.js';

export interface PermissionTestResult {
  name: string;
  /** `tier visitor` or `contact web-chat/user_123456`. */
  subject: string;
  expect: 'can' | 'cannot';
  passed: boolean;
  /** Why the content is (or is not) reachable, naming the rules; or why the test could not run. */
  reason: string;
  /** The rule that decided; undefined when the test could not run. */
  rule?: AccessRuleId;
  /** Path (into the merged config) of the part of the test at fault, or of its `can`/`cannot`. */
  path: PathSegment[];
}

function subjectOf(
  test: PermissionTest,
  subjects: Subjects,
): { label: string; subject?: Subject; error?: string } {
  if (test.tier !== undefined) {
    const subject = subjects.tier(test.tier);
    return subject
      ? { label: `tier ${test.tier}`, subject }
      : { label: `tier ${test.tier}`, error: `unknown tier "${test.tier}"` };
  }
  const address = test.contact ?? '';
  const subject = subjects.contact(address);
  return subject
    ? { label: `contact ${address}`, subject }
    : {
        label: `contact ${address}`,
        error: `no contact at address "${address}" (addresses are <inbox alias>/<source_id>)`,
      };
}

export function runPermissionTest(
  config: ContactsConfig,
  test: PermissionTest,
  index: number,
  subjects: Subjects,
  names: Names,
): PermissionTestResult {
  const expect: 'can' | 'cannot' = test.can !== undefined ? 'can' : 'cannot';
  const access = test.can ?? test.cannot;
  const { label, subject, error } = subjectOf(test, subjects);
  const at = (field: string): PathSegment[] => ['tests', index, field];
  const base = { name: test.name, subject: label, expect };
  if (!subject || !access) {
    const field = test.tier !== undefined ? 'tier' : 'contact';
    return { ...base, path: at(field), passed: false, reason: error ?? 'nothing to assert' };
  }
  const resolved = resolveAccess(config, access);
  if (!resolved.document)
    return { ...base, path: at(expect), passed: false, reason: resolved.errors.join('; ') };
  const decision = decide(reachOf(subject.queryMetadata), resolved.document, names);
  const passed = decision.allowed === (expect === 'can');
  const verdict = decision.allowed ? 'can reach' : 'cannot reach';
  return {
    ...base,
    path: at(expect),
    passed,
    reason: `${label} ${verdict} ${describeDocument(resolved.document, names)}: ${decision.reason}`,
    rule: decision.rule,
  };
}

export function runPermissionTests(
  config: ContactsConfig,
  subjects: Subjects = createSubjects(config),
  names: Names = createNames(config),
): PermissionTestResult[] {
  return (config.tests ?? []).map((test, i) => runPermissionTest(config, test, i, subjects, names));
}
