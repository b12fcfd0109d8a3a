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
  /**
   * The same limit for the busiest counters (every signed-in request): counted on this node and
   * added to the shared counter every RATE_LIMIT_SYNC_MS, exactly once a key has used half its
   * limit. Exact on one node; see `redisRateLimiter` for several.
   */
  hitSynced(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
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
  const limiter: RateLimiter = {
    hitSynced: (key, rule) => limiter.hit(key, rule),
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
  return limiter;
}

/** How often a node adds the hits it counted itself (`hitSynced`) to the shared counters. */
export const RATE_LIMIT_SYNC_MS = 100;

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
  /** Resolves with the count the hit took, or undefined when Redis could not count it. */
  type Hit = (count: number | undefined) => void;
  /** `carried`: hits this node counted itself (`hitSynced`), added before this turn's. */
  let pending = new Map<string, { remainingMs: number; hits: Hit[]; carried: number }>();

  async function flush() {
    const batch = pending;
    pending = new Map();
    const multi = redis.multi();
    for (const [key, { hits, remainingMs, carried }] of batch) {
      multi.incrby(key, hits.length + carried).pexpire(key, remainingMs);
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
    for (const { hits } of batch.values()) {
      const total = Number(results?.[slot]?.[1] ?? Number.NaN);
      slot += 2;
      hits.forEach((resolve, k) =>
        resolve(Number.isNaN(total) ? undefined : total - hits.length + k + 1),
      );
    }
  }

  function countExactly(redisKey: string, remainingMs: number, carried = 0) {
    return new Promise<number | undefined>((resolve) => {
      if (pending.size === 0) setImmediate(() => void flush());
      const entry = pending.get(redisKey) ?? { remainingMs, hits: [], carried: 0 };
      entry.hits.push(resolve);
      entry.carried += carried;
      pending.set(redisKey, entry);
    });
  }

  /**
   * `hitSynced`'s counters: `known` is the shared count as Redis last said, `sending` this node's
   * hits on their way there, `unsent` those counted here since.
   */
  type Local = { known: number; sending: number; unsent: number; endsAt: number };
  const local = new Map<string, Local>();
  let syncTimer: NodeJS.Timeout | undefined;

  async function sync() {
    syncTimer = undefined;
    const now = Date.now();
    const batch: [string, Local, number][] = [];
    for (const [key, entry] of local) {
      if (entry.unsent > 0) batch.push([key, entry, entry.unsent]);
      else if (entry.endsAt <= now && entry.sending === 0) local.delete(key);
    }
    if (batch.length === 0) return;
    const multi = redis.multi();
    for (const [key, entry, n] of batch) {
      entry.unsent -= n;
      entry.sending += n;
      multi.incrby(key, n).pexpire(key, Math.max(1, entry.endsAt - now));
    }
    let results: [Error | null, unknown][] | null = null;
    try {
      results = await multi.exec();
    } catch (error) {
      onError(error);
    }
    batch.forEach(([, entry, n], i) => {
      entry.sending -= n;
      const total = Number(results?.[2 * i]?.[1] ?? Number.NaN);
      // Without Redis the node goes on counting its own hits, so it still limits by itself.
      entry.known = Number.isNaN(total) ? entry.known + n : Math.max(entry.known, total);
    });
  }

  return {
    async hit(key, rule) {
      const { index, remainingMs } = windowOf(Date.now(), rule.windowMs);
      const count = await countExactly(`${prefix}rl:${key}:${rule.windowMs}:${index}`, remainingMs);
      // A limiter that cannot count must not take the service down with it: let them pass.
      return count === undefined
        ? { allowed: true, retryAfterSeconds: 0 }
        : decide(count, rule, remainingMs);
    },
    async hitSynced(key, rule) {
      const now = Date.now();
      const { index, remainingMs } = windowOf(now, rule.windowMs);
      const redisKey = `${prefix}rl:${key}:${rule.windowMs}:${index}`;
      let entry = local.get(redisKey);
      if (!entry) {
        entry = { known: 0, sending: 0, unsent: 0, endsAt: now + remainingMs };
        local.set(redisKey, entry);
      }
      const estimate = entry.known + entry.sending + entry.unsent + 1;
      // Over the limit as far as anyone knows: refused here, no round trip.
      if (estimate > rule.max) return decide(estimate, rule, remainingMs);
      if (2 * estimate <= rule.max) {
        entry.unsent += 1;
        syncTimer ??= setTimeout(() => void sync(), RATE_LIMIT_SYNC_MS).unref();
        return decide(estimate, rule, remainingMs);
      }
      // The second half of the limit is counted exactly, this node's unsent hits first.
      const carried = entry.unsent;
      entry.unsent = 0;
      entry.sending += carried + 1;
      const count = await countExactly(redisKey, remainingMs, carried);
      entry.sending -= carried + 1;
      entry.known = count === undefined ? entry.known + carried + 1 : Math.max(entry.known, count);
      return count === undefined
        ? { allowed: true, retryAfterSeconds: 0 }
        : decide(count, rule, remainingMs);
    },
    async peek(key, rule) {
      const { index, remainingMs } = windowOf(Date.now(), rule.windowMs);
      const redisKey = `${prefix}rl:${key}:${rule.windowMs}:${index}`;
      try {
        const mine = local.get(redisKey);
        const count =
          Number((await redis.get(redisKey)) ?? 0) + (mine ? mine.sending + mine.unsent : 0);
        return decide(count + 1, rule, remainingMs);
      } catch (error) {
        onError(error);
        return { allowed: true, retryAfterSeconds: 0 };
      }
    },
  };
}
