import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/validate/check-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { RULE_CATALOG } from '../../src/validate/rule-catalog.js';
import { RULES } from '../../src/validate/rules.js';
import { BAD_CASES } from './bad-cases.js';

const BAD = join(import.meta.dirname, '../fixtures/bad');

describe('bad configs', () => {
  it.each(BAD_CASES)('$fixture trips $rule at line $line', async (c) => {
    const loaded = await loadConfig(
      [join(BAD, c.fixture)],
      c.maxFileSize ? { limits: { maxFileSize: c.maxFileSize } } : {},
    );
    const diagnostics = checkConfig(loaded);
    const severity = c.severity ?? 'error';
    const file = join(BAD, c.file ?? c.fixture);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        rule: c.rule,
        severity,
        location: expect.objectContaining({ file, line: c.line }) as unknown,
      }),
    );
    // Nothing else is wrong with the fixture: no other errors (a warning case has no error at all).
    const allowed = new Set([...(severity === 'error' ? [c.rule] : []), ...(c.alsoErrors ?? [])]);
    const otherErrors = diagnostics.filter((d) => d.severity === 'error' && !allowed.has(d.rule));
    expect(otherErrors).toEqual([]);
    for (const d of diagnostics) expect(d.hint, `${d.rule} has a fix hint`).toBeTruthy();
  });

  it('covers every semantic rule and many of the loader and schema rules', () => {
    const tested = new Set(BAD_CASES.map((c) => c.rule));
    for (const rule of RULES) expect(tested, rule.id).toContain(rule.id);
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it('only reports rule ids of the catalogue', async () => {
    const known = new Set(RULE_CATALOG.map((r) => r.id));
    for (const c of BAD_CASES) {
      const loaded = await loadConfig([join(BAD, c.fixture)], {
        limits: { maxFileSize: c.maxFileSize ?? 1e6 },
      });
      for (const d of checkConfig(loaded)) expect(known, `${c.fixture}: ${d.rule}`).toContain(d.rule);
    }
  });
});
