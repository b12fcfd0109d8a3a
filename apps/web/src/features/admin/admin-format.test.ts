import { describe, expect, it } from 'vitest';
import { formatAge, humanize, severityLabel, snippet } from './admin-format';

describe('formatAge', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    ['2026-11-22T12:00:30Z', 'just now'],
    ['2026-11-22T11:59:30Z', 'just now'],
    ['2026-11-22T11:55:00Z', '5 min ago'],
    ['2026-11-22T09:00:00Z', '3 h ago'],
    ['2026-11-21T11:00:00Z', '1 day ago'],
    ['2026-11-19T12:00:00Z', '3 days ago'],
  ])('%s → %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });
});

describe('humanize', () => {
  it.each([
    ['self_harm', 'Self harm'],
    ['under_review', 'Under review'],
    ['spam', 'Spam'],
  ])('%s → %s', (value, expected) => {
    expect(humanize(value)).toBe(expected);
  });
});

describe('severityLabel', () => {
  it('names each level', () => {
    expect([3, 2, 1].map(severityLabel)).toEqual(['High', 'Medium', 'Low']);
  });
});

describe('snippet', () => {
  it('flattens whitespace and shortens long text', () => {
    expect(snippet('a\n\n b', 80)).toBe('a b');
    expect(snippet('abcdefghij', 5)).toBe('abcd…');
    expect(snippet(null)).toBe('');
  });
});
