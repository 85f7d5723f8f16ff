/**
 * The one escaping function for text printed to people (text plan, progress lines, `state list`,
 * explain, errors): characters that could hide, reorder or rewrite what a reader sees are shown as
 * `\u{XXXX}` instead. A leaf module: it imports nothing.
 *
 * Escaped: C0 controls (all but the line feed between lines), DEL, C1 controls, the bidi controls
 * (embeddings, overrides, isolates and the ALM/LRM/RLM marks), the line and paragraph separators, and
 * lone surrogates.
 */

const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The SGR sequences mai-contacts itself paints with (see report/plan/style.ts); nothing else passes. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /^\u001b\[(?:0|1|2|22|31|32|33|36|39)m/;

const show = (ch: string): string =>
  `\\u{${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`;

export interface EscapeOptions {
  /** Keep line feeds (for whole multi-line outputs); otherwise a line feed is escaped too. */
  keepNewlines?: boolean;
  /** Keep the colour sequences mai-contacts emits itself (for output painted with --color). */
  keepOwnColors?: boolean;
}

export function escapeText(text: string, options: EscapeOptions = {}): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text) && (options.keepNewlines || !text.includes('\n'))) return text;
  UNSAFE.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let match = UNSAFE.exec(text); match; match = UNSAFE.exec(text)) {
    const at = match.index;
    out += text.slice(last, at);
    const ch = match[0];
    if (ch === '\u001b' && options.keepOwnColors) {
      const sgr = OWN_SGR.exec(text.slice(at));
      if (sgr) {
        out += sgr[0];
        last = at + sgr[0].length;
        UNSAFE.lastIndex = last;
        continue;
      }
    }
    out += show(ch);
    last = at + ch.length;
  }
  out += text.slice(last);
  return options.keepNewlines ? out : out.replace(/\n/g, '\\n');
}
