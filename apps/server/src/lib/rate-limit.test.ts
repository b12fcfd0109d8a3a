import { describe, expect, it } from 'vitest';
import { decide, memoryRateLimiter, windowOf } from './rate-limit';

describe('windowOf', () => {
  it.each([
    [0, 60_000, 0, 60_000],
    [59_999, 60_000, 0, 1],
    [60_000, 60_000, 1, 60_000],
    [125_500, 60_000, 2, 54_500],
  ])('at %i ms with %i ms windows: window %i, %i ms left', (now, size, index, remaining) => {
    expect(windowOf(now, size)).toEqual({ index, remainingMs: remaining });
  });
});

describe('decide', () => {
  it.each([
    [1, 5, 30_000, true, 30],
    [5, 5, 30_000, true, 30],
    [6, 5, 30_000, false, 30],
    [6, 5, 1, false, 1],
    [6, 5, 1_001, false, 2],
  ])(
    'hit %i of %i with %i ms left → allowed %s, retry after %i s',
    (count, max, left, allowed, retry) => {
      expect(decide(count, { max, windowMs: 60_000 }, left)).toEqual({
        allowed,
        retryAfterSeconds: retry,
      });
    },
  );
});

describe('memoryRateLimiter', () => {
  it('counts per key and starts again in the next window', async () => {
    let now = 1_000;
    const limiter = memoryRateLimiter(() => now);
    const rule = { max: 2, windowMs: 60_000 };
    expect((await limiter.hit('a', rule)).allowed).toBe(true);
    expect((await limiter.hit('a', rule)).allowed).toBe(true);
    expect((await limiter.hit('a', rule)).allowed).toBe(false);
    expect((await limiter.hit('b', rule)).allowed).toBe(true);
    now += 60_000;
    expect((await limiter.hit('a', rule)).allowed).toBe(true);
  });
});
