// Deterministic benchmark configs: N contacts across several inboxes and tiers, a mix like real tiering
// (most contacts carry only a tier; a few add grants of their own or an avatar).
import { writeFileSync } from 'node:fs';

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

export function generateConfig(contacts) {
  const lines = [
    '# yaml-language-server: $schema=../../schemas/contacts.schema.json',
    'version: 1',
    'inboxes:',
  ];
  INBOXES.forEach((alias, i) => lines.push(`  ${alias}: ${uuid(1, i + 1)}`));
  lines.push('labels:');
  for (let i = 1; i <= 6; i++) lines.push(`  label-${i}: ${uuid(2, i)}`);
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
  const weighted = TIERS.flatMap(([name, , weight]) => Array(weight).fill(name));
  lines.push('contacts:');
  for (let i = 0; i < contacts; i++) {
    const tier = weighted[(i * 37) % weighted.length];
    lines.push(`  - source_id: member-${hex(i, 7)}`, `    name: Member ${i}`);
    if (i % 10 === 0) lines.push(`    avatar: https://cdn.example.com/avatars/${i}.png`);
    lines.push(`    inbox: ${INBOXES[i % INBOXES.length]}`, `    tier: ${tier}`);
    if (i % 50 === 7) lines.push('    knowledge_bases:', '      - { kb: kb-4, faqs: [faq-2, faq-3] }');
  }
  return `${lines.join('\n')}\n`;
}

export function writeConfig(path, contacts) {
  const text = generateConfig(contacts);
  writeFileSync(path, text);
  return text;
}
