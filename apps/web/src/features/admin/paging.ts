/** Paging helpers for the admin tables (pure, unit-tested). */

/**
 * The page numbers to offer as links: always the first and last, the current one and `around`
 * either side; `null` marks a gap shown as "…".
 */
export function pageItems(current: number, pages: number, around = 1): (number | null)[] {
  if (pages <= 1) return [1];
  const page = Math.min(Math.max(current, 1), pages);
  const shown = new Set<number>([1, pages]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const items: (number | null)[] = [];
  for (const [i, p] of sorted.entries()) {
    const previous = sorted[i - 1];
    if (previous !== undefined && p - previous === 2) items.push(previous + 1);
    else if (previous !== undefined && p - previous > 2) items.push(null);
    items.push(p);
  }
  return items;
}

/** "Showing 21–40 of 57", or "No results" when there are none. */
export function rangeLabel(page: number, limit: number, total: number): string {
  if (total <= 0) return 'No results';
  const first = (page - 1) * limit + 1;
  const last = Math.min(page * limit, total);
  if (first > total) return `${total} in total`;
  return `Showing ${first}–${last} of ${total}`;
}

/**
 * A query string from a filter object, leaving out empty values (so the server sees only what
 * was chosen). Keys keep their insertion order.
 */
export function toQueryString(params: object): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === '' || !['string', 'number', 'boolean'].includes(typeof value)) continue;
    query.set(key, String(value as string | number | boolean));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
