import { formatLocation } from '../../config/diagnostic.js';
import type { TestReporter } from './index.js';

const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** One line per test (`✓ name` / `✗ name — reason (file:line:col)`), then `N passed, M failed`. */
export const formatTestsText: TestReporter = (results, { color }) => {
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const lines = results.map((r) => {
    if (r.passed) return `${paint(GREEN, '✓')} ${r.name}`;
    const where = formatLocation(r.location);
    return `${paint(RED, '✗')} ${r.name} — ${r.reason}${where ? ` (${where})` : ''}`;
  });
  if (results.length === 0) lines.push('no tests declared (add a `tests:` section)');
  const failed = results.filter((r) => !r.passed).length;
  lines.push(`${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
};
