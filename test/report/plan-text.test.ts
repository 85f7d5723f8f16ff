import { describe, expect, it } from 'vitest';
import { formatPlanText } from '../../src/report/plan/text.js';
import { scenario } from '../helpers/scenario.js';

describe('the text plan', () => {
  const { plan, names } = scenario();
  const text = formatPlanText(plan, { color: false, names });

  it('marks each action Terraform-style, with tiers and contact ids', () => {
    expect(text).toContain('  + web-chat/newcomer: create (tier visitor)');
    expect(text).toContain('  ~ web-chat/promoted: update (tier member → vip), contact id-promoted');
    expect(text).toContain('  ~ web-chat/vip-2: update (tier vip), contact id-vip-2');
    expect(text).toContain('  - web-chat/left: revoke (was tier member), contact id-steady');
    expect(text).not.toContain('web-chat/steady');
  });

  it('diffs query_metadata line by line in canonical form, with aliases beside ids', () => {
    const block = text.slice(text.indexOf('web-chat/vip-2: update'));
    expect(block).toContain('changed: query_metadata.knowledge_bases[product-docs].chatbot_file_ids');
    expect(block).toMatch(/\+ {10}"9f7a9f7b-2b2b-4c4c-9d9d-8e8e8e8e8e8e" {2}# file product-docs\/manual/);
    expect(block).toMatch(/- {8}"chatbot_file_ids": \[\],/);
    expect(block).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@/);
  });

  it('shows the safety reasons and the summary', () => {
    expect(text).toContain(
      'Safety: apply will refuse this plan without --force:\n  - web-chat/demoted moves from tier vip down to visitor',
    );
    expect(text.trimEnd().split('\n').pop()).toBe(
      'Plan: 1 to create, 3 to update, 1 to revoke, 0 to delete, 0 to forget; 1 unchanged.',
    );
  });

  it('is colourless unless asked, and coloured when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(formatPlanText(plan, { color: true, names })).toContain('\u001b[32m+\u001b[39m');
  });

  it('says so when nothing changes', () => {
    const quiet = {
      ...plan,
      changes: plan.changes.filter((c) => c.action === 'no-op'),
      safety: { requires_force: false, reasons: [] },
    };
    expect(formatPlanText(quiet, { color: false, names })).toContain(
      'No changes: 1 contact(s) are up to date.',
    );
  });

  it('shows drift separately from config changes', () => {
    const drifted = scenario((by) => {
      const live = new Map([
        [
          by('steady').identity,
          { contact_id: 'id-steady', body: { ...by('steady').body, name: 'Edited in UI' } },
        ],
      ]);
      return live;
    });
    const out = formatPlanText(drifted.plan, { color: false, names });
    expect(out).toContain('  ~ web-chat/steady: update (tier member), contact id-steady');
    expect(out).toContain('drift: name changed in MaiAgent since the last apply');
  });
});
