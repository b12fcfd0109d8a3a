import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { findRecentRevocations } from './revocations.repository';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens';

/** How often each node re-reads recent revocations, in case a broadcast was missed. */
export const REVOCATION_REFRESH_MS = 30_000;
/** After this long every access token issued before a revocation has expired by itself. */
const REMEMBER_MS = ACCESS_TOKEN_TTL_SECONDS * 1000;

export interface Revocation {
  userId: string;
  /** Access tokens issued at or before this moment are refused. */
  revokedAt: Date;
  /** While banned the refusal says ACCOUNT_BANNED; after an unban old tokens are just invalid. */
  banned: boolean;
}

const messageSchema = z.object({
  userId: z.uuid(),
  revokedAt: z.iso.datetime(),
  banned: z.boolean(),
});

/**
 * Which users' access tokens stop working before they expire (a ban), known to every node within
 * moments: kept in memory on each node, fed by the local ban, by a Redis broadcast from the other
 * nodes, and by reading the database at start and every REVOCATION_REFRESH_MS.
 */
export function createRevocations(deps: {
  db: Db;
  clock: Clock;
  redis: Redis | undefined;
  channel: string;
  log: FastifyBaseLogger;
}) {
  const { db, clock, redis, channel, log } = deps;
  const entries = new Map<string, { revokedAt: number; banned: boolean }>();
  let subscriber: Redis | undefined;

  function apply(revocation: Revocation) {
    const revokedAt = revocation.revokedAt.getTime();
    const current = entries.get(revocation.userId);
    if (current && current.revokedAt > revokedAt) return;
    entries.set(revocation.userId, { revokedAt, banned: revocation.banned });
  }

  function prune() {
    const cutoff = clock.now().getTime() - REMEMBER_MS;
    for (const [userId, entry] of entries) if (entry.revokedAt < cutoff) entries.delete(userId);
  }

  async function refresh() {
    const since = new Date(clock.now().getTime() - REMEMBER_MS);
    for (const row of await findRecentRevocations(db, since)) apply(row);
    prune();
  }

  return {
    /** Subscribes to the other nodes' revocations and loads the recent ones. */
    async start() {
      if (redis) {
        subscriber = redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
        subscriber.on('error', (error) => log.warn({ err: error }, 'revocation channel error'));
        subscriber.on('message', (_channel: string, text: string) => {
          try {
            const parsed = messageSchema.parse(JSON.parse(text));
            apply({ ...parsed, revokedAt: new Date(parsed.revokedAt) });
          } catch (error) {
            log.warn({ err: error }, 'unreadable revocation message ignored');
          }
        });
        await subscriber.subscribe(channel);
      }
      await refresh();
    },

    /** Refuses a token issued at or before the user's revocation (ACCOUNT_BANNED while banned). */
    assertValid(userId: string, issuedAtMs: number): void {
      const entry = entries.get(userId);
      if (!entry || issuedAtMs > entry.revokedAt) return;
      throw entry.banned ? errors.banned() : errors.invalidToken();
    },

    /** Applies a revocation on this node and tells every other node. */
    async publish(revocation: Revocation): Promise<void> {
      apply(revocation);
      if (!redis) return;
      const message = JSON.stringify({
        ...revocation,
        revokedAt: revocation.revokedAt.toISOString(),
      });
      // The periodic refresh still brings it to the others if Redis is away right now.
      await redis
        .publish(channel, message)
        .catch((error: unknown) => log.warn({ err: error }, 'revocation broadcast failed'));
    },

    refresh,

    close() {
      subscriber?.disconnect();
    },
  };
}
export type Revocations = ReturnType<typeof createRevocations>;
