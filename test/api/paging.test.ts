import { describe, expect, it } from 'vitest';
import { normalizePage } from '../../src/api/normalize-page.js';
import { nextUrl, remainingPages } from '../../src/api/page-plan.js';

const asked = new URL('https://api.maiagent.ai/api/contacts/?inboxes=x&pageSize=100&limit=100');

describe('normalizePage', () => {
  it('reads the DRF envelope, results nested too deep, and bare arrays', () => {
    expect(
      normalizePage({ count: 2, next: null, previous: null, results: [[{ id: 1 }, { id: 2 }]] }),
    ).toEqual({
      count: 2,
      next: null,
      items: [{ id: 1 }, { id: 2 }],
    });
    expect(normalizePage([{ id: 1 }])).toEqual({ next: null, items: [{ id: 1 }] });
    expect(normalizePage({ detail: 'x' })).toBeUndefined();
  });
});

describe('page plans', () => {
  it('follows next by its query only, on our own host', () => {
    expect(nextUrl(asked, 'http://api.example.org/accounts/?page=4').href).toBe(
      'https://api.maiagent.ai/api/contacts/?page=4',
    );
  });

  it('page style: the remaining pages, sized by what the server really returned', () => {
    const first = {
      count: 120,
      next: 'https://api.maiagent.ai/api/contacts/?inboxes=x&pageSize=100&limit=100&page=2',
      items: new Array(50).fill({}),
    };
    expect(remainingPages(asked, first)?.map((u) => u.searchParams.get('page'))).toEqual(['2', '3']);
    expect(remainingPages(asked, first)?.[0]?.searchParams.get('inboxes')).toBe('x');
  });

  it('offset style: offsets up to count', () => {
    const first = {
      count: 45,
      next: 'https://api.maiagent.ai/api/contacts/?limit=20&offset=20',
      items: new Array(20).fill({}),
    };
    expect(remainingPages(asked, first)?.map((u) => u.searchParams.get('offset'))).toEqual(['20', '40']);
  });

  it('no plan without a count or a known style; none needed without next', () => {
    expect(remainingPages(asked, { next: 'https://x/?page=2', items: [{}] })).toBeUndefined();
    expect(remainingPages(asked, { count: 9, next: 'https://x/?cursor=abc', items: [{}] })).toBeUndefined();
    expect(remainingPages(asked, { count: 1, next: null, items: [{}] })).toEqual([]);
  });
});
