// Deterministic benchmark configs: N contacts across several inboxes and tiers, a mix like real tiering
// (most contacts carry only a tier; a few add grants of their own or an avatar). What real configs vary
// in is a parameter, so that no single input shape can be tuned for:
//   style     'block' (one key per line) or 'flow' (`- { source_id: …, name: …, inbox: …, tier: … }`)
//   findings  'none', 'one' (one harmless warning: an unused label alias) or 'many' (a warning on one
//             contact in 100: a contact without any grant)
//   split     1 (one file) or N files: the sections in the first, the contacts spread over all N
//   eol       'lf' or 'crlf'
//   names     'plain' (`name: Member 12`) or 'varied': names in the forms people write, one in five
//             double-quoted with an escape, one in five single-quoted with a doubled quote, one in five
//             double-quoted, and one in a thousand with a YAML tag (block style also: a folded block
//             scalar)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const hex = (n, width) => n.toString(16).padStart(width, '0');
const uuid = (kind, n) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;

export const INBOXES = ['web-chat', 'line', 'app', 'partner-portal'];
const TIERS = [
  // name, extends, weight (per 100 contacts)
  ['visitor', null, 30],
  ['member', 'visitor', 40],
  ['gold', 'member', 15],
  ['vip', 'gold', 8],
  ['distributor', null, 4],
  ['employee', 'member', 3],
];
const LABELS = 6;

export const DEFAULTS = { style: 'block', findings: 'none', split: 1, eol: 'lf', names: 'plain' };

function header(findings) {
  const lines = [
    '# yaml-language-server: $schema=../../schemas/contacts.schema.json',
    'version: 1',
    'inboxes:',
  ];
  INBOXES.forEach((alias, i) => lines.push(`  ${alias}: ${uuid(1, i + 1)}`));
  lines.push('labels:');
  for (let i = 1; i <= LABELS; i++) lines.push(`  label-${i}: ${uuid(2, i)}`);
  if (findings !== 'none') lines.push(`  label-unused: ${uuid(2, 99)}`);
  lines.push('knowledge_bases:');
  for (let k = 1; k <= 4; k++) {
    lines.push(`  kb-${k}:`, `    id: ${uuid(3, k)}`, `    inboxes: [${INBOXES.join(', ')}]`, '    files:');
    for (let f = 1; f <= 5; f++) lines.push(`      file-${f}: ${uuid(4, k * 100 + f)}`);
    lines.push('    faqs:');
    for (let f = 1; f <= 5; f++) lines.push(`      faq-${f}: ${uuid(5, k * 100 + f)}`);
  }
  lines.push('tiers:');
  TIERS.forEach(([name, parent], t) => {
    lines.push(`  ${name}:`, `    description: ${name} tier`);
    if (parent) lines.push(`    extends: ${parent}`);
    if (t % 2 === 1) lines.push(`    labels: { any: [label-${t}, { all: [label-${t + 1}, label-6] }] }`);
    lines.push('    knowledge_bases:');
    lines.push(
      `      - { kb: kb-${(t % 4) + 1}, files: [file-1, file-${(t % 5) + 1}], faqs: [faq-${(t % 5) + 1}] }`,
    );
    if (t >= 3) lines.push(`      - { kb: kb-${((t + 1) % 4) + 1}, all: true }`);
  });
  return lines;
}

const weighted = TIERS.flatMap(([name, , weight]) => Array(weight).fill(name));

/** The name of contact `i` as written (the value after `name: `), by the `names` option. */
function nameOf(i, names, style) {
  if (names !== 'varied') return `Member ${i}`;
  if (i % 1000 === 500) return `!!str Member ${i}`;
  if (i % 1000 === 900 && style === 'block') return `>-\n      Member\n      ${i}`;
  switch (i % 5) {
    case 1:
      return `"Memb\\u00e9r ${i} \\"VIP\\""`;
    case 2:
      return `'Member ${i}''s'`;
    case 3:
      return `"Member, ${i}"`;
    default:
      return `Member ${i}`;
  }
}

/** The lines of contact `i`. */
function contact(i, { style, findings, names }) {
  // With many findings, one contact in 100 has no grant at all (a warning each).
  const tier = findings === 'many' && i % 100 === 42 ? undefined : weighted[(i * 37) % weighted.length];
  const fields = [
    ['source_id', `member-${hex(i, 7)}`],
    ['name', nameOf(i, names, style)],
    ...(i % 10 === 0 ? [['avatar', `https://cdn.example.com/avatars/${i}.png`]] : []),
    ['inbox', INBOXES[i % INBOXES.length]],
    ...(tier ? [['tier', tier]] : []),
  ];
  const grant = i % 50 === 7 ? '{ kb: kb-4, faqs: [faq-2, faq-3] }' : undefined;
  if (style === 'flow') {
    const all = fields.map(([k, v]) => `${k}: ${v}`);
    if (grant) all.push(`knowledge_bases: [${grant}]`);
    return [`  - { ${all.join(', ')} }`];
  }
  const lines = fields.map(([k, v], n) => `${n === 0 ? '  - ' : '    '}${k}: ${v}`);
  if (grant) lines.push('    knowledge_bases:', `      - ${grant}`);
  return lines;
}

/** The config as files: `[{ name, text }]`, one file unless `split` > 1. */
export function generateFiles(contacts, options = {}) {
  const opts = { ...DEFAULTS, ...options };
  const eol = opts.eol === 'crlf' ? '\r\n' : '\n';
  const split = Math.max(1, opts.split);
  const files = Array.from({ length: split }, (_, f) => ({
    name: split === 1 ? 'contacts.yaml' : `contacts-${String(f + 1).padStart(2, '0')}.yaml`,
    lines: f === 0 ? header(opts.findings) : [],
  }));
  const per = Math.ceil(contacts / split);
  for (let f = 0; f < split; f++) {
    const from = f * per;
    const to = Math.min(contacts, from + per);
    if (from >= to) continue;
    files[f].lines.push('contacts:');
    for (let i = from; i < to; i++) files[f].lines.push(...contact(i, opts));
  }
  return files.map(({ name, lines }) => ({ name, text: `${lines.join(eol)}${eol}` }));
}

/** One file's text (`split` ignored). */
export function generateConfig(contacts, options = {}) {
  return generateFiles(contacts, { ...options, split: 1 })[0].text;
}

/**
 * Writes the config to `path`: one file, or with `split` > 1 a directory of files (what `-c` takes).
 * Returns the total text, for sizes.
 */
export function writeConfig(path, contacts, options = {}) {
  const files = generateFiles(contacts, options);
  if (files.length === 1) {
    writeFileSync(path, files[0].text);
    return files[0].text;
  }
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  for (const { name, text } of files) writeFileSync(join(path, name), text);
  return files.map((f) => f.text).join('');
}
