import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/plan/plan-changes.js';
import { formatPlanMarkdown, MARKDOWN_LIMIT } from '../../src/report/plan/markdown.js';
import { NO_NAMES } from '../../src/report/plan/names.js';
import { resolveContacts } from '../../src/resolve/resolve-contacts.js';
import { configFromYaml } from '../helpers/config.js';
import { scenario } from '../helpers/scenario.js';

describe('the markdown plan', () => {
  const { plan, names } = scenario();
  const md = formatPlanMarkdown(plan, { color: false, names });

  it('opens with a summary table', () => {
    expect(md).toContain(
      '**Plan:** 1 to create, 3 to update, 1 to revoke, 0 to delete, 0 to forget; 1 unchanged.',
    );
    expect(md).toContain(
      '| create | 1 |\n| update | 3 |\n| revoke | 1 |\n| delete | 0 |\n| forget | 0 |\n| unchanged | 1 |',
    );
  });

  it('lists tier moves', () => {
    // vip adds a label condition to member's grants: under the access model it reaches strictly less.
    expect(md).toContain('| member → vip (downgrade) | 1 | `web-chat/promoted` |');
    expect(md).toContain('| vip → visitor (downgrade) | 1 | `web-chat/demoted` |');
  });

  it('says what each tier, move and revoke gains or loses, by alias', () => {
    expect(md).toContain('| vip | 1 | file `product-docs/manual` | — |');
    expect(md).toContain('| member → vip | 1 | label `vip` | — |');
    expect(md).toContain(
      '| vip → visitor | 1 | — | file `product-docs/manual`, FAQ `product-docs/shipping`, label `vip` |',
    );
    expect(md).toContain(
      '| member → (revoked) | 1 | — | knowledge base `product-docs`, file `product-docs/manual`, FAQ `product-docs/pricing`, FAQ `product-docs/shipping` |',
    );
  });

  it('flags what apply will refuse without --force', () => {
    expect(md).toContain(
      '> [!CAUTION]\n> **apply will refuse this plan without `--force`:**\n> - web-chat/demoted moves from tier vip down to visitor',
    );
  });

  it('puts each contact change in a collapsible diff', () => {
    expect(md).toContain('<details><summary><code>~ web-chat/vip-2</code> update · tier vip</summary>');
    expect(md).toContain(
      '<details><summary><code>+ web-chat/newcomer</code> create · tier visitor</summary>',
    );
    expect(md).toMatch(
      /```diff\n@@ [^\n]+\n[\s\S]*?\+ {10}"9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e" {2}# file product-docs\/manual/,
    );
    expect(md.match(/<details>/g)).toHaveLength(5);
    expect(md.match(/<\/details>/g)).toHaveLength(5);
  });

  it('places sections from other parts of the tool before the per-contact diffs', () => {
    const withAccess = formatPlanMarkdown(plan, {
      color: false,
      names,
      extraSections: [{ title: 'Access', body: 'visitor can no longer reach `manual`.' }],
    });
    const access = withAccess.indexOf('### Access\n\nvisitor can no longer reach `manual`.');
    expect(access).toBeGreaterThan(withAccess.indexOf('### What each tier gains or loses'));
    expect(access).toBeLessThan(withAccess.indexOf('### Changes'));
  });

  it('keeps hostile source ids from breaking the comment', () => {
    const config = configFromYaml(`inboxes: { web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789 }
contacts:
  - { source_id: "</summary><script>x</script>", name: "a | b", inbox: web }
  - { source_id: "tick\`\`\`s", name: "n", inbox: web }
`);
    const out = formatPlanMarkdown(
      planChanges({ desired: resolveContacts(config.value), state: null, configDigest: 'x' }),
      {
        color: false,
      },
    );
    expect(out).toContain('<code>+ web/&lt;/summary&gt;&lt;script&gt;x&lt;/script&gt;</code>');
    const outsideFences = out.replace(/(`{3,})diff\n[\s\S]*?\n\1/g, '');
    expect(outsideFences).not.toContain('<script>');
    expect(outsideFences).not.toContain('</summary><');
    expect(out).toContain('````diff');
  });

  it('stays under GitHub’s comment limit with a note about what was left out, deterministically', () => {
    const contacts = Array.from(
      { length: 2000 },
      (_, i) => `  - { source_id: user-${String(i).padStart(5, '0')}, name: User ${i}, inbox: web }`,
    );
    const config = configFromYaml(
      `inboxes: { web: 8a2b1c3d-4e5f-6789-abcd-ef0123456789 }\ncontacts:\n${contacts.join('\n')}\n`,
    );
    const big = planChanges({ desired: resolveContacts(config.value), state: null, configDigest: 'x' });
    const out = formatPlanMarkdown(big, { color: false, names: NO_NAMES });
    expect(out.length).toBeLessThan(65_536);
    expect(out.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const shown = out.match(/<details>/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(10);
    expect(out).toContain(`> ${2000 - shown} more contact change(s) are not shown`);
    expect(formatPlanMarkdown(big, { color: false, names: NO_NAMES })).toBe(out);
    expect(formatPlanMarkdown(big, { color: false, maxLength: 5000 }).length).toBeLessThanOrEqual(5000);
  });
});
