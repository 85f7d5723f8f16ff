/**
 * The terminal plan, Terraform-like: `+` create, `~` update, `-` revoke / delete, `#` forget, each with
 * its tier and a line diff of the body (query_metadata included) in canonical form, aliases beside ids.
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
import { NO_NAMES, type Names } from './names.js';
import { bodyDiffLines, createBodyPrinter, describeField, type BodyPrinter } from './render-body.js';
import { escapeText } from '../escape-text.js';
import { styleFor, type Style } from './style.js';

const INDENT = '      ';

function diffLine(line: string, s: Style): string {
  if (line.startsWith('@@')) return s.cyan(line);
  if (line.startsWith('+')) return s.green(line);
  if (line.startsWith('-')) return s.red(line);
  return line;
}

function changeBlock(c: Change, names: Names, s: Style, printer: BodyPrinter): string[] {
  const id = c.contact_id ? `, contact ${c.contact_id}` : '';
  const head = (symbol: string, paint: (t: string) => string, what: string): string =>
    `  ${paint(symbol)} ${s.bold(c.address)}: ${paint(what)} (${tierText(c)})${id}`;
  const lines: string[] = [];
  switch (c.action) {
    case 'create':
      lines.push(head('+', s.green, 'create'));
      if (c.after) lines.push(printer.text(c.after));
      break;
    case 'update':
    case 'revoke':
      lines.push(head(c.action === 'update' ? '~' : '-', c.action === 'update' ? s.yellow : s.red, c.action));
      if (c.adopted) lines.push(`${INDENT}adopting the existing contact (state did not know it)`);
      lines.push(`${INDENT}changed: ${c.changed_fields.map((f) => describeField(f, names)).join(', ')}`);
      lines.push(...bodyDiffLines(c.before, c.after, names).map((l) => INDENT + diffLine(l, s)));
      break;
    case 'delete':
      lines.push(head('-', s.red, 'delete'));
      break;
    case 'forget':
      lines.push(head('#', s.dim, 'forget'));
      break;
    case 'no-op':
      lines.push(`  ${s.dim('=')} ${s.bold(c.address)}: ${noOpNote(c)} (${tierText(c)})`);
      break;
  }
  if (c.drift) {
    const fields = c.drift_fields.map((f) => describeField(f, names)).join(', ');
    lines.push(
      INDENT + s.yellow(`drift: ${fields || 'the contact'} changed in MaiAgent since the last apply`),
    );
  }
  for (const w of c.warnings) lines.push(`${INDENT}note: ${w}`);
  return lines;
}

export const formatPlanText: PlanReporter = (plan: Plan, options) => {
  const s = styleFor(options.color);
  const names = options.names ?? NO_NAMES;
  const out: string[] = [`mai-contacts plan: ${sourceLine(plan)}`, ''];
  const printer = createBodyPrinter(names, (l) => INDENT + s.green(`+ ${l}`));
  const shown = plan.changes.filter(isShown);
  for (const c of shown) out.push(changeBlock(c, names, s, printer).join('\n'), '');
  if (shown.length === 0) {
    out.push(
      plan.changes.length === 0
        ? 'No contacts to plan.'
        : `No changes: ${plan.changes.length} contact(s) are up to date.`,
      '',
    );
  }
  const findings = sortedFindings(plan);
  if (findings.length > 0) {
    const errors = findings.filter((f) => f.severity === 'error').length;
    out.push(
      errors > 0
        ? s.red(s.bold(`Findings: ${errors} error(s); apply will refuse this plan:`))
        : s.yellow('Findings:'),
    );
    for (const f of findings) {
      const paint = f.severity === 'error' ? s.red : s.yellow;
      out.push(`  - ${paint(f.severity)} ${s.bold(f.address)} [${f.rule}]: ${f.message}`);
      for (const c of f.copies) out.push(`${INDENT}copy ${copyLine(c)}`);
    }
    out.push('');
  }
  if (plan.safety.reasons.length > 0) {
    out.push(s.red(s.bold('Safety: apply will refuse this plan without --force:')));
    for (const r of plan.safety.reasons) out.push(`  - ${r.message}`);
    out.push('');
  }
  if (plan.warnings.length > 0) {
    out.push(s.yellow('Warnings:'));
    for (const w of plan.warnings) out.push(`  - ${w}`);
    out.push('');
  }
  out.push(`${s.bold('Plan:')} ${summaryLine(plan)}.`);
  return escapeText(out.join('\n'), { keepNewlines: true, keepOwnColors: options.color });
};
