import { describe, expect, it } from 'vitest';
import { pageItems, rangeLabel, toQueryString } from './paging';

describe('pageItems', () => {
  it.each([
    [1, 0, [1]],
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [1, 10, [1, 2, null, 10]],
    [5, 10, [1, null, 4, 5, 6, null, 10]],
    // A gap of exactly one page shows that page rather than "…".
    [3, 10, [1, 2, 3, 4, null, 10]],
    [10, 10, [1, null, 9, 10]],
    // Out-of-range pages are clamped.
    [42, 5, [1, null, 4, 5]],
  ])('page %i of %i → %j', (current, pages, expected) => {
    expect(pageItems(current, pages)).toEqual(expected);
  });
});

describe('rangeLabel', () => {
  it.each([
    [1, 20, 0, 'No results'],
    [1, 20, 5, 'Showing 1–5 of 5'],
    [2, 20, 57, 'Showing 21–40 of 57'],
    [3, 20, 57, 'Showing 41–57 of 57'],
    [9, 20, 57, '57 in total'],
  ])('page %i, limit %i, total %i → %s', (page, limit, total, expected) => {
    expect(rangeLabel(page, limit, total)).toBe(expected);
  });
});

describe('toQueryString', () => {
  it('leaves out empty values and keeps the rest in order', () => {
    expect(
      toQueryString({ page: 2, limit: 20, role: undefined, search: '', is_active: false }),
    ).toBe('?page=2&limit=20&is_active=false');
  });
  it('is empty when nothing is set', () => {
    expect(toQueryString({ search: '' })).toBe('');
  });
  it('encodes search text', () => {
    expect(toQueryString({ search: 'a b&c' })).toBe('?search=a+b%26c');
  });
});
