import type { Redis } from 'ioredis';
import type { RateLimitRule } from '../config';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

/** Fixed-window counters: in memory on one node, in Redis when several nodes share the limits. */
export interface RateLimiter {
  hit(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Whether the current window is already spent, without counting this look. */
  peek(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
}

/** Which window a moment falls in, and how long until it ends. Pure, so it is unit-tested. */
export function windowOf(nowMs: number, windowMs: number): { index: number; remainingMs: number } {
  const index = Math.floor(nowMs / windowMs);
  return { index, remainingMs: (index + 1) * windowMs - nowMs };
}

export function decide(count: number, rule: RateLimitRule, remainingMs: number): RateLimitResult {
  return {
    allowed: count <= rule.max,
    retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
  };
}

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const counters = new Map<string, { window: number; count: number; expiresAt: number }>();
  let lastSweep = now();
  return {
    async hit(key, rule) {
      const t = now();
      const { index, remainingMs } = windowOf(t, rule.windowMs);
      const id = `${key}:${rule.windowMs}`;
      const entry = counters.get(id);
      const count = entry && entry.window === index ? entry.count + 1 : 1;
      counters.set(id, { window: index, count, expiresAt: t + remainingMs });
      // Forget finished windows now and then, so the map stays as small as the active set.
      if (t - lastSweep > 60_000) {
        lastSweep = t;
        for (const [k, v] of counters) if (v.expiresAt <= t) counters.delete(k);
      }
      return decide(count, rule, remainingMs);
    },
    async peek(key, rule) {
      const { index, remainingMs } = windowOf(now(), rule.windowMs);
      const entry = counters.get(`${key}:${rule.windowMs}`);
      return decide(entry && entry.window === index ? entry.count + 1 : 1, rule, remainingMs);
    },
  };
}

/**
 * Fixed-window counters in Redis, shared by every node. The hits of one event-loop turn are
 * coalesced: each key gets one INCRBY (by its number of hits) and one PEXPIRE, all keys in one
 * MULTI, so a busy node makes one round trip per turn instead of one per request. This is exact,
 * not an estimate: INCRBY n is atomic, so the n hits take n consecutive counts as n INCRs in a
 * row would, and the k-th of them is answered with the count it took (another node's hits land
 * before or after the group, never inside it). What a hit waits for is the end of its turn
 * (setImmediate), not a timer.
 */
export function redisRateLimiter(
  redis: Redis,
  prefix: string,
  onError: (error: unknown) => void,
): RateLimiter {
  type Hit = { rule: RateLimitRule; resolve: (result: RateLimitResult) => void };
  let pending = new Map<string, { remainingMs: number; hits: Hit[] }>();

  async function flush() {
    const batch = pending;
    pending = new Map();
    const multi = redis.multi();
    for (const [key, { hits, remainingMs }] of batch) {
      multi.incrby(key, hits.length).pexpire(key, remainingMs);
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await multi.exec();
    } catch (error) {
      // A limiter that cannot count must not take the service down with it: let them pass.
      onError(error);
      results = null;
    }
    let slot = 0;
    for (const { hits, remainingMs } of batch.values()) {
      const total = Number(results?.[slot]?.[1] ?? Number.NaN);
      slot += 2;
      hits.forEach(({ rule, resolve }, k) =>
        resolve(
          Number.isNaN(total)
            ? { allowed: true, retryAfterSeconds: 0 }
            : decide(total - hits.length + k + 1, rule, remainingMs),
        ),
      );
    }
  }

  return {
    hit(key, rule) {
      const { index, remainingMs } = windowOf(Date.now(), rule.windowMs);
      const redisKey = `${prefix}rl:${key}:${rule.windowMs}:${index}`;
      return new Promise((resolve) => {
        if (pending.size === 0) setImmediate(() => void flush());
        const entry = pending.get(redisKey) ?? { remainingMs, hits: [] };
        entry.hits.push({ rule, resolve });
        pending.set(redisKey, entry);
      });
    },
    async peek(key, rule) {
      const { index, remainingMs } = windowOf(Date.now(), rule.windowMs);
      try {
        const count = Number(
          (await redis.get(`${prefix}rl:${key}:${rule.windowMs}:${index}`)) ?? 0,
        );
        return decide(count + 1, rule, remainingMs);
      } catch (error) {
        onError(error);
        return { allowed: true, retryAfterSeconds: 0 };
      }
    },
  };
}
