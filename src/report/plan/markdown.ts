/**
 * The plan as a pull-request comment: a summary table, safety and warnings, tier moves, what each tier
 * gains or loses, sections added by other parts of the tool, drift, then one collapsible diff per
 * contact. Hard-capped below GitHub's 65,536-character comment limit: what does not fit is left out
 * with a note saying how much and where to find the full plan.
 */
import type { Change, Plan } from '../../plan/types.js';
import {
  copyLine,
  isShown,
  noOpNote,
  sortedFindings,
  sourceLine,
  summaryLine,
  tierText,
} from './describe-plan.js';
import type { PlanReporter } from './index.js';
import { cell, code, escapeHtml, fence } from './markdown-text.js';
import { NO_NAMES, type Names } from './names.js';
import {
  bodyDiffLines,
  createBodyPrinter,
  describeAtom,
  describeField,
  type BodyPrinter,
} from './render-body.js';
import { tierDeltas, tierMoves, type AtomCount } from './tier-summary.js';

/** GitHub refuses comments over 65,536 characters; stay clear of it. */
export const MARKDOWN_LIMIT = 65_000;
const LIST_LIMIT = 50;

const SYMBOL: Record<Change['action'], string> = {
  create: '+',
  update: '~',
  revoke: '-',
  delete: '-',
  forget: '#',
  'no-op': '=',
};

function atoms(list: AtomCount[], contacts: number, names: Names): string {
  if (list.length === 0) return '—';
  return list
    .map((a) => `${describeAtom(a.atom, names)}${a.count < contacts ? ` (${a.count} of ${contacts})` : ''}`)
    .join(', ');
}

function capped<T>(items: readonly T[], render: (item: T) => string, what: string): string[] {
  const lines = items.slice(0, LIST_LIMIT).map(render);
  if (items.length > LIST_LIMIT) lines.push(`- … and ${items.length - LIST_LIMIT} more ${what}`);
  return lines;
}

function head(plan: Plan, names: Names, extra: readonly { title: string; body: string }[]): string[] {
  const s = plan.summary;
  const out = [
    '## mai-contacts plan',
    '',
    `**Plan:** ${summaryLine(plan)}.`,
    '',
    '| action | contacts |',
    '| --- | ---: |',
    `| create | ${s.create} |`,
    `| update | ${s.update} |`,
    `| revoke | ${s.revoke} |`,
    `| delete | ${s.delete} |`,
    `| forget | ${s.forget} |`,
    `| unchanged | ${s.no_op} |`,
    '',
    `<sub>${escapeHtml(sourceLine(plan))}</sub>`,
    '',
  ];
  const findings = sortedFindings(plan);
  const errors = findings.filter((f) => f.severity === 'error');
  const finding = (f: (typeof findings)[number]): string =>
    `> - **${escapeHtml(f.severity)}** ${code(f.address)} (${code(f.rule)}): ${escapeHtml(f.message)}` +
    f.copies.map((c) => `<br>copy ${escapeHtml(copyLine(c))}`).join('');
  if (errors.length > 0) {
    out.push('> [!CAUTION]', `> **apply will refuse this plan: ${errors.length} error finding(s)**`);
    out.push(...capped(errors, finding, 'errors'), '');
  }
  const notes = findings.filter((f) => f.severity !== 'error');
  if (notes.length > 0) {
    out.push('> [!WARNING]', '> **findings:**');
    out.push(...capped(notes, finding, 'findings'), '');
  }
  if (plan.safety.reasons.length > 0) {
    out.push('> [!CAUTION]', '> **apply will refuse this plan without `--force`:**');
    out.push(...capped(plan.safety.reasons, (r) => `> - ${escapeHtml(r.message)}`, 'reasons'), '');
  }
  if (plan.warnings.length > 0) {
    out.push('> [!WARNING]');
    out.push(...capped(plan.warnings, (w) => `> - ${escapeHtml(w)}`, 'warnings'), '');
  }
  const moves = tierMoves(plan);
  if (moves.length > 0) {
    out.push('### Tier moves', '', '| move | contacts | who |', '| --- | ---: | --- |');
    const downgrades = new Set(
      plan.safety.reasons.filter((r) => r.rule === 'downgrade').map((r) => `${r.from ?? ''} → ${r.to ?? ''}`),
    );
    for (const m of moves.slice(0, LIST_LIMIT)) {
      const who = m.addresses.map(code).join(', ') + (m.count > m.addresses.length ? ', …' : '');
      const move = `${m.from} → ${m.to}`;
      out.push(`| ${cell(move)}${downgrades.has(move) ? ' (downgrade)' : ''} | ${m.count} | ${cell(who)} |`);
    }
    out.push('');
  }
  const deltas = tierDeltas(plan);
  if (deltas.length > 0) {
    out.push(
      '### What each tier gains or loses',
      '',
      '| tier | contacts | gains | loses |',
      '| --- | ---: | --- | --- |',
    );
    for (const d of deltas.slice(0, LIST_LIMIT)) {
      out.push(
        `| ${cell(d.label)} | ${d.contacts} | ${cell(atoms(d.gains, d.contacts, names))} | ${cell(atoms(d.losses, d.contacts, names))} |`,
      );
    }
    out.push('');
  }
  for (const section of extra) out.push(`### ${section.title}`, '', section.body.trimEnd(), '');
  const drifted = plan.changes.filter((c) => c.drift);
  if (drifted.length > 0) {
    out.push('### Drift (changed in MaiAgent since the last apply)', '');
    out.push(
      ...capped(
        drifted,
        (c) =>
          `- ${code(c.address)}: ${c.drift_fields.map((f) => code(describeField(f, names))).join(', ') || 'missing in MaiAgent'}`,
        'drifted contacts',
      ),
      '',
    );
  }
  return out;
}

/** An update whose only changes are the grants a tier move brings (nothing else about the contact). */
function isTierMoveOnly(c: Change): boolean {
  return (
    c.action === 'update' &&
    c.tier.before !== null &&
    c.tier.after !== null &&
    c.tier.before !== c.tier.after &&
    !c.drift &&
    c.warnings.length === 0 &&
    c.changed_fields.every((f) => f.startsWith('query_metadata'))
  );
}

function details(c: Change, names: Names, printer: BodyPrinter): string {
  const summary = `<code>${escapeHtml(`${SYMBOL[c.action]} ${c.address}`)}</code> ${c.action} · ${escapeHtml(tierText(c))}`;
  const body: string[] = [];
  if (c.action === 'create' && c.after) body.push(fence(printer.lines(c.after), 'diff'));
  if (c.action === 'update' || c.action === 'revoke') {
    body.push(`Changed: ${c.changed_fields.map((f) => code(describeField(f, names))).join(', ')}`, '');
    body.push(fence(bodyDiffLines(c.before, c.after, names), 'diff'));
  }
  if (c.action === 'delete') body.push(`Deletes contact ${code(c.contact_id ?? '')} in MaiAgent.`);
  if (c.action === 'forget') body.push('Dropped from state; left as it is in MaiAgent.');
  if (c.action === 'no-op') body.push(escapeHtml(noOpNote(c)));
  for (const w of c.warnings) body.push('', `> ${escapeHtml(w)}`);
  return `<details><summary>${summary}</summary>\n\n${body.join('\n')}\n\n</details>`;
}

export const formatPlanMarkdown: PlanReporter = (plan, options) => {
  const names = options.names ?? NO_NAMES;
  const limit = options.maxLength ?? MARKDOWN_LIMIT;
  const reserve = 400; // room for the truncation note
  let text = head(plan, names, options.extraSections ?? []).join('\n');
  if (text.length > limit - reserve) {
    text = `${text.slice(0, limit - reserve)}\n\n> The plan summary was cut here to stay under the comment size limit.`;
  }
  let shown = plan.changes.filter(isShown);
  if (shown.length === 0) return `${text}\nNo contact changes.\n`;
  // A roster moving thousands of members between tiers: the moves are in the Tier moves table above;
  // listing each one would bury the changes a reviewer must read (names, grants of their own).
  const moves = shown.filter(isTierMoveOnly);
  if (moves.length > LIST_LIMIT) {
    shown = shown.filter((c) => !isTierMoveOnly(c));
    text +=
      `\n> ${moves.length} contact(s) that only move between tiers are summarised under Tier moves above, ` +
      'not listed one by one (`mai-contacts plan` lists them).\n';
    if (shown.length === 0) return text;
  }
  text += '\n### Changes\n';
  const printer = createBodyPrinter(names, (l) => `+ ${l}`);
  let included = 0;
  for (const c of shown) {
    const block = `\n${details(c, names, printer)}\n`;
    if (text.length + block.length > limit - reserve) break;
    text += block;
    included += 1;
  }
  if (included < shown.length) {
    const left = shown.length - included;
    text +=
      `\n> [!NOTE]\n> ${left} more contact change(s) are not shown, to keep this comment under GitHub's ` +
      '65,536-character limit. Run `mai-contacts plan` locally, or see the JSON plan (`plan --out`), for all of them.\n';
  }
  return text;
};
