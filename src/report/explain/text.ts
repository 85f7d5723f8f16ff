import { renderReach } from '../access/render-reach.js';
import { relative } from 'node:path';
import { formatLocation } from '../../config/diagnostic.js';
import type { ExplainedGrant, GrantOrigin } from '../../resolve/explain-contact.js';
import type { Names } from '../plan/names.js';
import { bodyLines, describeField, describeLabels } from '../plan/render-body.js';
import { escapeText } from '../escape-text.js';
import type { ExplainOptions, ExplainReporter } from './index.js';

function where(from: GrantOrigin, cwd: string): string {
  const who = from.kind === 'tier' ? `tier ${from.tier ?? '?'}` : 'the contact itself';
  const at = from.location
    ? ` at ${formatLocation({ ...from.location, file: relative(cwd, from.location.file) })}`
    : '';
  return `from ${who}${at}`;
}

function grantLines(g: ExplainedGrant, names: Names, cwd: string): string[] {
  switch (g.grant) {
    case 'knowledge_base': {
      const kb = g.entry.knowledge_base_id;
      const files = g.entry.chatbot_file_ids.map((f) => names.file(kb, f).split('/').pop() ?? f);
      const faqs = g.entry.faq_ids.map((f) => names.faq(kb, f).split('/').pop() ?? f);
      const parts = [
        `files: ${files.length > 0 ? files.join(', ') : 'none listed'}`,
        `FAQs: ${faqs.length > 0 ? faqs.join(', ') : 'none listed'}`,
        `everything: ${g.entry.has_user_selected_all === 'True' ? 'yes' : 'no'}`,
      ];
      return [
        `  knowledge base ${names.knowledgeBase(kb)}: ${parts.join('; ')}`,
        `      ${where(g.from, cwd)}`,
      ];
    }
    case 'labels':
      return [`  labels: ${describeLabels(g.label_relations, names)}`, `      ${where(g.from, cwd)}`];
    case 'query_metadata':
      return [`  query_metadata given raw (the escape hatch), sent as it is`, `      ${where(g.from, cwd)}`];
  }
}

function stateLines(options: ExplainOptions): string[] {
  const { state, names } = options;
  if (state === undefined) return [];
  if (state === null) return ['State: not applied yet (apply will create it)', ''];
  const sync =
    state.changed_fields.length === 0
      ? 'in sync with the config'
      : `the config differs in ${state.changed_fields.map((f) => describeField(f, names)).join(', ')}`;
  return [
    `State: contact ${state.contact_id}, tier ${state.tier ?? '(none)'}, last applied ${state.updated_at}; ${sync}`,
    '',
  ];
}

export const formatExplainText: ExplainReporter = (e, options) => {
  const { names, cwd } = options;
  const chain = e.tier_chain.length > 1 ? ` (extends ${e.tier_chain.slice(1).join(' → ')})` : '';
  const out = [
    e.address,
    `  inbox      ${e.inbox_alias === e.inbox_id ? e.inbox_id : `${e.inbox_alias} (${e.inbox_id})`}`,
    `  source_id  ${e.source_id}`,
    `  tier       ${e.tier ?? '(none)'}${chain}`,
    ...(e.declared_at
      ? [`  declared   ${formatLocation({ ...e.declared_at, file: relative(cwd, e.declared_at.file) })}`]
      : []),
    '',
    'Grants:',
  ];
  if (e.grants.length === 0 || (e.deny_all && e.grants.every((g) => g.grant === 'labels'))) {
    out.push(
      '  none: query_metadata is the explicit deny-all {"knowledge_bases": []}; nothing can be queried',
    );
  }
  for (const g of e.grants) out.push(...grantLines(g, names, cwd));
  if (options.reach) {
    out.push('', 'Reach (what its conversations can draw on):');
    out.push(
      ...renderReach(options.reach, options.reachNames, 'text')
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  out.push('', ...stateLines(options), 'Request body:');
  out.push(...bodyLines(e.body, names).map((l) => `  ${l}`));
  return escapeText(out.join('\n'), { keepNewlines: true });
};
