/**
 * The default format, for people: one block per problem with `file:line:col`, the rule id, the
 * message, the source line with a caret (a YAML line, a CSV record's line, a JSON Lines line), and the
 * hint; then a count.
 *
 *   contacts.yaml:12:11 error unknown-tier: unknown tier "vipp"
 *     12 |     tier: vipp
 *        |           ^^^^
 *     hint: did you mean "vip"?
 */
import { formatLocation, type SourceLocation } from '../../config/diagnostic.js';
import { codeFrame, lineOf } from './code-frame.js';
import { countSummary, displayPath } from './display-path.js';
import type { Reporter } from './index.js';
import { escapeText } from '../escape-text.js';
import { painter } from './paint.js';

/** How many problems the text format prints before it only counts the rest. */
export const TEXT_LIMIT = 200;

export const formatText: Reporter = (diagnostics, options) => {
  const paint = painter(options.color);
  if (diagnostics.length === 0) return paint('bold', 'config is valid: no problems found');
  // A roster with a systematic mistake can have a million findings: the first ones, then a count.
  const limit = options.limit ?? TEXT_LIMIT;
  const shown = diagnostics.length > limit ? diagnostics.slice(0, limit) : diagnostics;
  const blocks = shown.map((d) => {
    const location = d.location
      ? { ...d.location, file: displayPath(d.location.file, options.cwd) }
      : undefined;
    const where = location ? `${paint('bold', formatLocation(location))} ` : '';
    const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    const lines = [`${where}${severity} ${paint('cyan', d.rule)}: ${d.message}`];
    const frame = (at: SourceLocation): string[] => {
      const text = options.sourceLine
        ? options.sourceLine(at.file, at.line)
        : lineOf(options.sources?.get(at.file), at.line);
      return codeFrame(text, at).map((l) => paint('dim', l));
    };
    if (d.location && d.rule !== 'secret-like-field') lines.push(...frame(d.location));
    if (d.also && d.rule !== 'secret-like-field') {
      const also = frame(d.also);
      // The other place of a duplicate, framed too when its text is at hand (its location is in the message).
      if (also.length > 0)
        lines.push(
          `  ${paint('dim', 'and at')} ${formatLocation({ ...d.also, file: displayPath(d.also.file, options.cwd) })}`,
          ...also,
        );
    }
    if (d.hint) lines.push(`  ${paint('dim', 'hint:')} ${d.hint}`);
    return lines.join('\n');
  });
  if (shown.length < diagnostics.length)
    blocks.push(
      paint(
        'dim',
        `… and ${diagnostics.length - shown.length} more not shown (--format json or sarif lists every one)`,
      ),
    );
  return escapeText(`${blocks.join('\n\n')}\n\n${paint('bold', countSummary(diagnostics))}`, {
    keepNewlines: true,
    keepOwnColors: options.color,
  });
};
