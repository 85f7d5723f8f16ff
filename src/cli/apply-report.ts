/** Apply's closing summary (pure): the counts, then every failure with its address and reason. */
import type { ApplyResult } from '../apply/types.js';
import { escapeText } from '../report/escape-text.js';

export function formatApplySummary(result: ApplyResult): string {
  const s = result.summary;
  const counts = [
    `${s.created} created`,
    ...(s.adopted > 0 ? [`${s.adopted} adopted`] : []),
    `${s.updated} updated`,
    `${s.revoked} revoked`,
    `${s.deleted} deleted`,
    ...(s.forgotten > 0 ? [`${s.forgotten} forgotten`] : []),
    ...(s.recorded > 0 ? [`${s.recorded} recorded in state`] : []),
    `${s.failed} failed`,
  ];
  const head = result.interrupted
    ? `Apply interrupted: ${counts.join(', ')}; ${s.skipped} not started.`
    : s.failed > 0
      ? `Apply finished with failures: ${counts.join(', ')}.`
      : `Apply complete: ${counts.join(', ')}.`;
  const lines = [head];
  if (result.failures.length > 0) {
    lines.push('Failed:');
    for (const f of result.failures) lines.push(`  - ${f.address} (${f.action}): ${f.reason}`);
  }
  if (s.failed > 0 || result.interrupted) {
    lines.push('Run apply again: what landed is in state, and nothing is created twice.');
  }
  return escapeText(lines.join('\n'), { keepNewlines: true });
}
