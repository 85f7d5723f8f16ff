import { describe, expect, it } from 'vitest';
import { paginate, type PagingDefaults } from '../../src/emulator/paginate.js';

const items = Array.from({ length: 45 }, (_, i) => i);
const defaults: PagingDefaults = { style: 'page', pageSize: 20, maxPageSize: 30 };
const at = (qs: string) => paginate(items, new URL(`http://h:1/api/contacts/?${qs}`), defaults);

describe('paginate', () => {
  it('page style: absolute next/previous keeping the other parameters; page 1 has no page param', () => {
    const page = at('inboxes=x&page=2&pageSize=10');
    expect(page).toMatchObject({ ok: true, count: 45, results: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] });
    if (!page.ok) throw new Error('unreachable');
    expect(page.next).toBe('http://h:1/api/contacts/?inboxes=x&page=3&pageSize=10');
    expect(page.previous).toBe('http://h:1/api/contacts/?inboxes=x&pageSize=10');
  });

  it('offset style when the request names offset, or by default for the examples variant', () => {
    const page = at('query=a&limit=20&offset=20');
    if (!page.ok) throw new Error('expected a page');
    expect(page.results[0]).toBe(20);
    expect(page.next).toBe('http://h:1/api/contacts/?query=a&limit=20&offset=40');
    expect(page.previous).toBe('http://h:1/api/contacts/?query=a&limit=20');
    const byDefault = paginate(items, new URL('http://h:1/api/contacts/?limit=5'), {
      ...defaults,
      style: 'offset',
    });
    expect(byDefault.ok && byDefault.next).toBe('http://h:1/api/contacts/?limit=5&offset=5');
  });

  it('caps the page size silently (the asked-for size stays in next, as in DRF)', () => {
    const page = at('pageSize=1000');
    if (!page.ok) throw new Error('expected a page');
    expect(page.results).toHaveLength(30);
    expect(page.next).toBe('http://h:1/api/contacts/?pageSize=1000&page=2');
  });

  it('answers 404 "Invalid page." past the end; an empty first page is fine', () => {
    expect(at('page=4&pageSize=15')).toEqual({ ok: false, status: 404, body: { detail: 'Invalid page.' } });
    expect(at('page=0').ok).toBe(false);
    expect(at('page=last&pageSize=15')).toMatchObject({
      ok: true,
      results: [30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44],
    });
    expect(paginate([], new URL('http://h:1/x/?page=1'), defaults)).toMatchObject({
      ok: true,
      count: 0,
      next: null,
    });
    expect(at('offset=100')).toMatchObject({ ok: true, results: [], next: null });
  });
});
