/**
 * Guardrails: each policy names content that the contacts in its scope (and the tiers themselves)
 * must never reach. A violation names the policy, the tiers and contacts, and the grant that
 * admits the content, so that validate and plan can point at the config line to change.
 */
import type { ContactsConfig, Policy } from '../config/contacts-config.generated.js';
import type { PathSegment } from '../config/parse-yaml.js';
import { lookupInbox } from '../config/references.js';
import { decide, fileAdmission } from './can-reach.js';
import { describeDocument } from './describe.js';
import { judgeLabelledDeny } from './judge-labelled-deny.js';
import { createNames, type Names } from './names.js';
import { resolveAccess } from './resolve-access.js';
import { reachOf } from './summarize-reach.js';
import { createSubjects, type Subject, type Subjects } from './subjects.js';
import type { Document, Reach } from './types.js';

export interface PolicyViolation {
  policy: string;
  /** Index of the policy in the merged `policies` list. */
  index: number;
  /** Tiers and contact addresses that reach the content through the same grant (sorted). */
  tiers: string[];
  contacts: string[];
  /** The denied content, described with aliases. */
  content: string;
  /** Why it is reachable, naming the access rules. */
  reason: string;
  /** Path (into the merged config) of the grant that admits the content. */
  cause: PathSegment[];
  /** A second grant involved (the label condition, or the knowledge-base grant when `cause` is the labels). */
  alsoCause?: PathSegment[];
}

/** A policy that cannot be checked (an unknown tier, inbox or content): it would guard nothing. */
export interface PolicyProblem {
  policy: string;
  index: number;
  message: string;
  path: PathSegment[];
}

export interface PolicyReport {
  violations: PolicyViolation[];
  problems: PolicyProblem[];
}

export interface Verdict {
  violated: boolean;
  reason: string;
  /** The label condition is what admits the content (so it is the cause to show). */
  labelsCause: boolean;
  /** The label condition took part in admitting it. */
  labelsInvolved: boolean;
}

/** Whether `reach` breaks a deny of `doc` (labels undefined: under some set of labels). */
export function judgeDeny(reach: Reach, doc: Document, names: Names): Verdict {
  if (doc.labels === undefined) {
    const d = decide(reach, doc, names);
    const labelsInvolved = d.rules.includes('labels-hold');
    return { violated: d.allowed, reason: d.reason, labelsCause: false, labelsInvolved };
  }
  if (doc.faq !== undefined) {
    const d = decide(reach, doc, names);
    return { violated: d.allowed, reason: d.reason, labelsCause: false, labelsInvolved: false };
  }
  const files = fileAdmission(reach, doc.kb, doc.file, names);
  if (!files.allowed)
    return { violated: false, reason: files.reason, labelsCause: false, labelsInvolved: false };
  return judgeLabelledDeny(reach, doc.labels, files, names);
}

function rawCause(subject: Subject, kb: string, base: PathSegment[]): PathSegment[] {
  const qm = subject.queryMetadata as Record<string, unknown>;
  for (const key of ['knowledge_bases', 'knowledgeBases']) {
    const list = qm[key];
    if (!Array.isArray(list)) continue;
    const i = list.findIndex((e: unknown) => {
      const entry = (e ?? {}) as Record<string, unknown>;
      const id = entry['knowledge_base_id'] ?? entry['knowledgeBaseId'];
      return typeof id === 'string' && id.toLowerCase() === kb;
    });
    if (i >= 0) return [...base, key, i];
  }
  return base;
}

function causeOf(
  subject: Subject,
  kb: string,
  verdict: Verdict,
): { cause: PathSegment[]; alsoCause?: PathSegment[] } {
  const p = subject.provenance;
  if (p.raw) return { cause: rawCause(subject, kb, p.raw.path) };
  const grant = p.knowledgeBases.find((k) => k.knowledge_base_id === kb)?.source.path;
  const labels = p.labels?.path;
  if (verdict.labelsCause && labels) return grant ? { cause: labels, alsoCause: grant } : { cause: labels };
  const cause = grant ?? labels ?? [];
  return verdict.labelsInvolved && labels && grant ? { cause, alsoCause: labels } : { cause };
}

function scope(config: ContactsConfig, policy: Policy, index: number, problems: PolicyProblem[]) {
  const tiers = config.tiers ?? {};
  const name = policy.name;
  for (const [i, t] of (policy.tiers ?? []).entries()) {
    if (!Object.hasOwn(tiers, t)) {
      problems.push({
        policy: name,
        index,
        message: `unknown tier "${t}"`,
        path: ['policies', index, 'tiers', i],
      });
    }
  }
  const inboxes = new Set<string>();
  for (const [i, ref] of (policy.inboxes ?? []).entries()) {
    const id = lookupInbox(config, ref);
    if (id) inboxes.add(id);
    else
      problems.push({
        policy: name,
        index,
        message: `unknown inbox "${ref}"`,
        path: ['policies', index, 'inboxes', i],
      });
  }
  const tierNames = policy.tiers
    ? policy.tiers.filter((t) => Object.hasOwn(tiers, t))
    : policy.inboxes
      ? []
      : Object.keys(tiers);
  const inScope = (contactIndex: number): boolean => {
    const c = config.contacts?.[contactIndex];
    if (!c) return false;
    if (policy.tiers) return c.tier !== undefined && policy.tiers.includes(c.tier);
    if (policy.inboxes) return inboxes.has(lookupInbox(config, c.inbox) ?? '');
    return true;
  };
  return { tierNames, inScope };
}

export function checkPolicy(
  config: ContactsConfig,
  policy: Policy,
  index: number,
  subjects: Subjects,
  names: Names,
  report: PolicyReport,
): void {
  const resolved = resolveAccess(config, policy.deny);
  const { tierNames, inScope } = scope(config, policy, index, report.problems);
  if (!resolved.document) {
    for (const message of resolved.errors) {
      report.problems.push({ policy: policy.name, index, message, path: ['policies', index, 'deny'] });
    }
    return;
  }
  const doc = resolved.document;
  const memo = new WeakMap<object, Verdict>();
  const groups = new Map<string, PolicyViolation>();
  const visit = (subject: Subject | undefined): void => {
    if (!subject) return;
    let verdict = memo.get(subject.queryMetadata);
    if (!verdict) {
      verdict = judgeDeny(reachOf(subject.queryMetadata), doc, names);
      memo.set(subject.queryMetadata, verdict);
    }
    if (!verdict.violated) return;
    const { cause, alsoCause } = causeOf(subject, doc.kb, verdict);
    const key = `${JSON.stringify(cause)}\u0000${verdict.reason}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        policy: policy.name,
        index,
        tiers: [],
        contacts: [],
        content: describeDocument(doc, names),
        reason: verdict.reason,
        cause,
      };
      if (alsoCause) group.alsoCause = alsoCause;
      groups.set(key, group);
    }
    (subject.kind === 'tier' ? group.tiers : group.contacts).push(subject.name);
  };
  for (const t of tierNames) visit(subjects.tier(t));
  (config.contacts ?? []).forEach((_, i) => {
    if (inScope(i)) visit(subjects.contactAt(i));
  });
  for (const group of groups.values()) {
    group.tiers.sort();
    group.contacts.sort();
    report.violations.push(group);
  }
}

export function checkPolicies(
  config: ContactsConfig,
  subjects: Subjects = createSubjects(config),
  names: Names = createNames(config),
): PolicyReport {
  const report: PolicyReport = { violations: [], problems: [] };
  (config.policies ?? []).forEach((policy, i) => checkPolicy(config, policy, i, subjects, names, report));
  return report;
}
