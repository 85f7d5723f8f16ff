/**
 * The access section of the markdown plan: the tier x knowledge-base matrix of the new config, then
 * what each tier and each contact whose reach changes gains and loses. Contacts with the same change
 * are grouped, and the list is bounded, so a plan of 100,000 contacts stays a readable comment.
 */
import type { AccessSnapshot } from '../../permissions/access-snapshot.js';
import { reachKey } from '../../permissions/compare-reach.js';
import { diffReach, isEmptyDiff, type ReachDiff } from '../../permissions/diff-reach.js';
import type { Names } from '../../permissions/names.js';
import type { Reach } from '../../permissions/types.js';
import { describeDiff } from './describe-change.js';
import { code } from './markdown.js';
import { renderMatrix } from './render-matrix.js';

export interface AccessSectionInput {
  /** What was applied: contacts from state; tiers when known (e.g. the base branch's config). */
  before: AccessSnapshot;
  /** The new config (`accessSnapshot(config)`). */
  after: AccessSnapshot;
  names: Names;
  /** Matrix columns: declared knowledge-base ids in config order (`declaredKnowledgeBases`). */
  kbs?: readonly string[];
  /** Most change lines shown (default 50) and contacts named per line (default 10). */
  maxLines?: number;
  maxContactsPerLine?: number;
}

const NOTHING: Reach = { knowledgeBases: [], problems: [] };

function contactGroups(before: AccessSnapshot, after: AccessSnapshot) {
  const memo = new Map<string, ReachDiff>();
  const groups = new Map<string, { diff: ReachDiff; addresses: string[] }>();
  const addresses = [...new Set([...Object.keys(before.contacts), ...Object.keys(after.contacts)])].sort();
  for (const address of addresses) {
    const b = Object.hasOwn(before.contacts, address) ? before.contacts[address]! : NOTHING;
    const a = Object.hasOwn(after.contacts, address) ? after.contacts[address]! : NOTHING;
    const pair = `${reachKey(b)}\u0000${reachKey(a)}`;
    let diff = memo.get(pair);
    if (!diff) {
      diff = diffReach(b, a);
      memo.set(pair, diff);
    }
    if (isEmptyDiff(diff)) continue;
    const group = groups.get(pair) ?? { diff, addresses: [] };
    group.addresses.push(address);
    groups.set(pair, group);
  }
  return [...groups.values()];
}

function tierLines(before: AccessSnapshot, after: AccessSnapshot, names: Names): string[] {
  if (!before.tiers || !after.tiers) return [];
  const lines: string[] = [];
  // Only tiers whose "before" is known can be compared; one missing from "after" was removed.
  const tiers = Object.keys(before.tiers);
  for (const tier of tiers) {
    const b = Object.hasOwn(before.tiers, tier) ? before.tiers[tier]! : NOTHING;
    const a = Object.hasOwn(after.tiers, tier) ? after.tiers[tier]! : NOTHING;
    const diff = diffReach(b, a);
    if (!isEmptyDiff(diff))
      lines.push(`- **tier ${code(tier)}**: ${describeDiff(diff, names, code).join('; ')}`);
  }
  return lines;
}

export function renderAccessSection(input: AccessSectionInput): string {
  const { before, after, names } = input;
  const maxLines = input.maxLines ?? 50;
  const perLine = input.maxContactsPerLine ?? 10;
  const out = ['### Access', '', '**Tier × knowledge base** (the new config)', ''];
  out.push(renderMatrix(after.tiers ?? {}, names, input.kbs ?? []), '', '**Changes in reach**', '');
  const lines = tierLines(before, after, names);
  for (const group of contactGroups(before, after)) {
    const shown = group.addresses.slice(0, perLine).map(code).join(', ');
    const more = group.addresses.length > perLine ? ` and ${group.addresses.length - perLine} more` : '';
    const who =
      group.addresses.length === 1
        ? `contact ${shown}`
        : `${group.addresses.length} contacts (${shown}${more})`;
    lines.push(`- **${who}**: ${describeDiff(group.diff, names, code).join('; ')}`);
  }
  if (lines.length === 0) out.push('No tier or contact gains or loses access.');
  out.push(...lines.slice(0, maxLines));
  if (lines.length > maxLines) out.push(`- … and ${lines.length - maxLines} more changes`);
  return out.join('\n');
}
