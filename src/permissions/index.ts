/** The access model's public surface: what a query_metadata reaches, tests, policies, comparisons. */
export { ACCESS_RULES, READING, type Reading } from './access-rules.js';
export { accessSnapshot, declaredKnowledgeBases, type AccessSnapshot } from './access-snapshot.js';
export { canReach, decide } from './can-reach.js';
export {
  checkPolicies,
  type PolicyProblem,
  type PolicyReport,
  type PolicyViolation,
} from './check-policies.js';
export { compareReach, reachKey, reachLeq, type ReachComparison } from './compare-reach.js';
export { diffReach, isEmptyDiff, type ReachDiff } from './diff-reach.js';
export { createNames, RAW_NAMES, type Names } from './names.js';
export { reachMatrix, type ReachMatrix } from './reach-matrix.js';
export { runPermissionTests, type PermissionTestResult } from './run-permission-tests.js';
export { createSubjects, type Subject } from './subjects.js';
export { reachOf, summarizeReach } from './summarize-reach.js';
export type { Decision, Document, Reach } from './types.js';
