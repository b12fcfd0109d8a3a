import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  decide,
  memoryRateLimiter,
  RATE_LIMIT_SYNC_MS,
  redisRateLimiter,
  windowOf,
} from './rate-limit';

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

describe.runIf(process.env.TEST_REDIS_URL)('redisRateLimiter', () => {
  const redis = new Redis(process.env.TEST_REDIS_URL!);
  afterAll(() => redis.quit());
  /** A limiter as one node has it, on its own connection, under a prefix of this test's. */
  const node = (prefix: string) => {
    const connection = redis.duplicate();
    afterAll(() => connection.quit());
    return { limiter: redisRateLimiter(connection, prefix, () => undefined), connection };
  };
  const rule = { max: 3, windowMs: 60_000 };

  it('answers the hits of one turn with one round trip, exactly as one by one would', async () => {
    const { limiter, connection } = node(`rl-test:${randomBytes(4).toString('hex')}:`);
    const multi = vi.spyOn(connection, 'multi');
    const turn = await Promise.all([
      ...Array.from({ length: 5 }, () => limiter.hit('a', rule)),
      limiter.hit('b', rule),
    ]);
    expect(multi).toHaveBeenCalledTimes(1);
    expect(turn.map((r) => r.allowed)).toEqual([true, true, true, false, false, true]);
    // The count carries on from there in the next turn.
    expect((await limiter.hit('b', rule)).allowed).toBe(true);
    expect((await limiter.hit('a', rule)).allowed).toBe(false);
    expect((await limiter.peek('b', rule)).allowed).toBe(true);
  });

  /** 10 hits on each of two nodes at once against a shared limit of 12: how many were allowed. */
  async function burstOnTwoNodes(how: 'hit' | 'hitSynced') {
    const prefix = `rl-test:${randomBytes(4).toString('hex')}:`;
    const [one, two] = [node(prefix), node(prefix)];
    const shared = { max: 12, windowMs: 60_000 };
    const hits = await Promise.all(
      Array.from({ length: 10 }, () => [
        one.limiter[how]('u', shared),
        two.limiter[how]('u', shared),
      ]).flat(),
    );
    return hits.filter((r) => r.allowed).length;
  }

  it('never lets two nodes together past the limit', async () => {
    expect(await burstOnTwoNodes('hit')).toBe(12);
  });

  it('hitSynced refuses at the limit on one node, one by one and in one burst', async () => {
    const { limiter } = node(`rl-test:${randomBytes(4).toString('hex')}:`);
    const limit = { max: 10, windowMs: 60_000 };
    const oneByOne: boolean[] = [];
    for (let i = 0; i < 13; i++) oneByOne.push((await limiter.hitSynced('a', limit)).allowed);
    expect(oneByOne).toEqual([...Array<boolean>(10).fill(true), false, false, false]);
    const burst = await Promise.all(
      Array.from({ length: 13 }, () => limiter.hitSynced('b', limit)),
    );
    expect(burst.filter((r) => r.allowed)).toHaveLength(10);
    const refused = await limiter.hitSynced('b', limit);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('hitSynced hands its count to the other nodes within RATE_LIMIT_SYNC_MS', async () => {
    const prefix = `rl-test:${randomBytes(4).toString('hex')}:`;
    const [one, two] = [node(prefix), node(prefix)];
    const limit = { max: 4, windowMs: 60_000 };
    expect((await one.limiter.hitSynced('u', limit)).allowed).toBe(true);
    expect((await one.limiter.hitSynced('u', limit)).allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, RATE_LIMIT_SYNC_MS + 100));
    // Node two counts the third and fourth exactly, on top of node one's two.
    expect((await two.limiter.hitSynced('u', limit)).allowed).toBe(true);
    expect((await two.limiter.hitSynced('u', limit)).allowed).toBe(true);
    expect((await two.limiter.hitSynced('u', limit)).allowed).toBe(false);
    expect((await one.limiter.hitSynced('u', limit)).allowed).toBe(false);
  });

  it('hitSynced lets two nodes past the limit by at most what the other counted unsent', async () => {
    const allowed = await burstOnTwoNodes('hitSynced');
    // The documented bound: max + (nodes − 1) × max / 2, reached only by a burst on every node
    // within one sync interval.
    expect(allowed).toBeGreaterThanOrEqual(12);
    expect(allowed).toBeLessThanOrEqual(12 + 6);
  });

  it('lets requests pass when Redis cannot count', async () => {
    const errors: unknown[] = [];
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const limiter = redisRateLimiter(broken, 'rl-test:', (e) => errors.push(e));
    const results = await Promise.all([limiter.hit('a', rule), limiter.hit('a', rule)]);
    expect(results.every((r) => r.allowed)).toBe(true);
    expect(errors).toHaveLength(1);
    broken.disconnect();
  });
});
