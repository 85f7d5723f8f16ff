/**
 * Several live contacts with one identity (inbox + source_id), made outside the tool: never resolved by
 * guessing. Pure: from the plan's changes, the live copies refresh read and the state, one
 * `duplicate-live-copies` finding per contact of the plan that has more than one live copy.
 *
 * - The state knows none of the copies (and the contact is not being removed): an **error**. apply
 *   refuses the whole plan, before sending anything, until one copy is chosen with
 *   `mai-contacts state adopt ADDRESS CONTACT_ID`.
 * - The state knows one: a **warning**. That copy is managed; apply revokes the others (deny-all
 *   query_metadata: they carry access nobody manages), and a revoke or delete of the contact reaches
 *   every copy.
 */
import { PlanError } from '../errors.js';
import { identityKey } from '../resolve/identity.js';
import type { StateView } from './plan-changes.js';
import type { Change, FindingCopy, LiveCopy, PlanFinding } from './types.js';

export const DUPLICATE_RULE = 'duplicate-live-copies';

/** `id (created …), id (created …)`. */
export function describeCopies(copies: readonly { contact_id: string; created_at: string }[]): string {
  return copies.map((c) => `${c.contact_id} (created ${c.created_at || 'unknown'})`).join(', ');
}

/** A word as a shell reads it: quoted unless it is plainly safe. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command that chooses `contactId` as the managed copy of `address`. */
export function adoptCommand(address: string, contactId = 'CONTACT_ID'): string {
  return `mai-contacts state adopt ${shellWord(address)} ${contactId}`;
}

export function duplicateFindings(
  changes: readonly Change[],
  copies: ReadonlyMap<string, readonly LiveCopy[]>,
  state: Pick<StateView, 'get'> | null,
): PlanFinding[] {
  const findings: PlanFinding[] = [];
  for (const change of changes) {
    const identity = identityKey(change.inbox, change.source_id);
    const live = copies.get(identity);
    if (!live || live.length < 2) continue;
    const managedId = state?.get(identity)?.contact_id;
    const list: FindingCopy[] = live.map((c) => ({
      contact_id: c.id,
      created_at: c.createdAt,
      managed: c.id === managedId,
      revoked: c.revoked,
    }));
    const managed = list.find((c) => c.managed);
    const others = list.filter((c) => !c.managed);
    const head = `${list.length} live contacts in MaiAgent have this inbox and source_id`;
    let severity: PlanFinding['severity'] = 'warning';
    let message: string;
    if (change.action === 'revoke' || change.action === 'delete') {
      message = `${head}: ${describeCopies(list)}; the ${change.action} reaches every copy`;
    } else if (change.action === 'forget') {
      message = `${head}: ${describeCopies(list)}; forgotten from state, none of them is changed`;
    } else if (!managed) {
      severity = 'error';
      message =
        `${head} and the state knows none of them: ${describeCopies(list)}; apply refuses to run ` +
        `until one is chosen: ${adoptCommand(change.address)}`;
    } else {
      const open = others.filter((c) => !c.revoked);
      message =
        `${head}: ${managed.contact_id} (in state) is managed; ` +
        (open.length > 0
          ? `apply revokes the other copies (deny-all query_metadata): ${describeCopies(open)}`
          : `the other copies are revoked already: ${describeCopies(others)}`) +
        '; delete the extra copies in MaiAgent to clear this';
    }
    findings.push({ severity, rule: DUPLICATE_RULE, address: change.address, message, copies: list });
  }
  return findings;
}

export function errorFindings(findings: readonly PlanFinding[] | undefined): PlanFinding[] {
  return (findings ?? []).filter((f) => f.severity === 'error');
}

/** Throws, naming every contact, copy and the command to run, when any finding is an error. */
export function refuseErrorFindings(findings: readonly PlanFinding[] | undefined): void {
  const errors = errorFindings(findings);
  if (errors.length === 0) return;
  const lines = errors.map(
    (f) =>
      `  - ${f.address}: ${f.copies.length} live copies: ${describeCopies(f.copies)}\n` +
      `    choose the one to manage: ${adoptCommand(f.address)}`,
  );
  throw new PlanError(
    `apply refused: ${errors.length} contact(s) have several live copies in MaiAgent and the state knows ` +
      `none of them; apply does not guess which one to manage, and nothing was changed:\n${lines.join('\n')}\n` +
      `(or leave the contact out of this run with --target)`,
  );
}
