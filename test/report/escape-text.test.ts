/** Everything printed for people escapes characters that could hide, reorder or rewrite text. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/diagnostics/text.js';
import { escapeText } from '../../src/report/escape-text.js';
import { openState } from '../../src/state/open-state.js';
import { runCli } from '../helpers/cli.js';
import { input } from '../helpers/state.js';
import { tempDir } from '../helpers/tmp.js';

// Anything a terminal or a reader would act on instead of showing.
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe('escapeText', () => {
  it('shows controls, bidi controls and lone surrogates as \\u{XXXX}', () => {
    expect(escapeText('a\u0000b\u001b[2Jc\u007f\u0085\u202e\u2067\ud800z')).toBe(
      'a\\u{0000}b\\u{001B}[2Jc\\u{007F}\\u{0085}\\u{202E}\\u{2067}\\u{D800}z',
    );
    expect(escapeText('cr\rlf\ntab\t')).toBe('cr\\u{000D}lf\\ntab\\u{0009}');
    expect(escapeText('two\nlines', { keepNewlines: true })).toBe('two\nlines');
  });

  it('leaves ordinary text, emoji and scripts alone', () => {
    for (const text of ['王小明', 'Zoë', 'مرحبا', '👩‍💻 dev', 'a b']) expect(escapeText(text)).toBe(text);
  });

  it('keeps only the colours mai-contacts paints with, when asked', () => {
    expect(escapeText('\u001b[31mred\u001b[39m \u001b[8mhidden', { keepOwnColors: true })).toBe(
      '\u001b[31mred\u001b[39m \\u{001B}[8mhidden',
    );
  });
});

describe('human output', () => {
  it('validate text escapes a message that quotes a hostile value', () => {
    const text = formatText(
      [{ rule: 'r', severity: 'error', message: 'name "x\u202e\u001b[8my"', hint: 'h' }],
      { color: true, cwd: process.cwd() },
    );
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u202e|\u001b\[8m/);
    expect(text).toContain('x\\u{202E}\\u{001B}[8my');
  });

  it('state list and errors escape addresses from the state', async () => {
    const dir = tempDir();
    const store = await openState(join(dir, 'contacts.state.json'), { lock: true });
    await store.record(input('u1', { address: 'web-chat/\u202eexe.txt\u001b]0;pwned\u0007' }));
    await store.commit();
    await store.close();
    const list = runCli(['state', 'list'], dir);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toMatch(RAW);
    expect(list.stdout).toContain('web-chat/\\u{202E}exe.txt\\u{001B}]0;pwned\\u{0007}');
    const missing = runCli(['state', 'show', 'web-chat/\u202eevil\u001b[2J'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(RAW);
    expect(missing.stderr).toContain('web-chat/\\u{202E}evil\\u{001B}[2J');
  });
});
