import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import {
  deleteAccessRevocationsBefore,
  findRecentAccessRevocations,
  findRecentRevocations,
} from './revocations.repository';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens';

/** How often each node re-reads recent revocations, in case a broadcast was missed. */
export const REVOCATION_REFRESH_MS = 30_000;
/** After this long every access token issued before a revocation has expired by itself. */
const REMEMBER_MS = ACCESS_TOKEN_TTL_SECONDS * 1000;

export interface Revocation {
  userId: string;
  /** One session (refresh-token family) only; absent: every token of the user. */
  familyId?: string;
  /** Access tokens issued at or before this moment are refused. */
  revokedAt: Date;
  /** While banned the refusal says ACCOUNT_BANNED; after an unban old tokens are just invalid. */
  banned: boolean;
}

/** What is checked of a token: whose, which session, and when it was issued. */
export interface TokenIdentity {
  userId: string;
  familyId?: string | undefined;
  issuedAtMs: number;
}

const messageSchema = z.object({
  userId: z.uuid(),
  familyId: z.uuid().optional(),
  revokedAt: z.iso.datetime(),
  banned: z.boolean(),
});

/**
 * Which access tokens stop working before they expire — a ban, an erased account, a session
 * logged out or revoked — known to every node within moments: kept in memory on each node, fed
 * by the local change, by a Redis broadcast from the other nodes, and by reading the database at
 * start and every REVOCATION_REFRESH_MS.
 */
export function createRevocations(deps: {
  db: Db;
  clock: Clock;
  redis: Redis | undefined;
  channel: string;
  log: FastifyBaseLogger;
}) {
  const { db, clock, redis, channel, log } = deps;
  const users = new Map<string, { revokedAt: number; banned: boolean }>();
  const families = new Map<string, number>();
  let subscriber: Redis | undefined;

  function apply(revocation: Revocation) {
    const revokedAt = revocation.revokedAt.getTime();
    if (revocation.familyId) {
      families.set(
        revocation.familyId,
        Math.max(revokedAt, families.get(revocation.familyId) ?? 0),
      );
      return;
    }
    const current = users.get(revocation.userId);
    if (current && current.revokedAt > revokedAt) return;
    // A later unban does not lift the refusal of tokens from before the ban (or an erasure).
    users.set(revocation.userId, { revokedAt, banned: revocation.banned });
  }

  function prune() {
    const cutoff = clock.now().getTime() - REMEMBER_MS;
    for (const [userId, entry] of users) if (entry.revokedAt < cutoff) users.delete(userId);
    for (const [familyId, at] of families) if (at < cutoff) families.delete(familyId);
  }

  async function refresh() {
    const since = new Date(clock.now().getTime() - REMEMBER_MS);
    for (const row of await findRecentRevocations(db, since)) apply(row);
    for (const row of await findRecentAccessRevocations(db, since)) {
      apply({
        userId: row.userId,
        familyId: row.familyId ?? undefined,
        revokedAt: row.revokedAt,
        banned: false,
      });
    }
    prune();
    // Twice the token lifetime: a node whose clock is a little behind still reads them.
    await deleteAccessRevocationsBefore(db, new Date(clock.now().getTime() - 2 * REMEMBER_MS));
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

    /**
     * Refuses a token issued at or before its user's or its session's revocation
     * (ACCOUNT_BANNED while banned, INVALID_TOKEN otherwise).
     */
    assertValid(token: TokenIdentity): void {
      const entry = users.get(token.userId);
      if (entry && token.issuedAtMs <= entry.revokedAt) {
        throw entry.banned ? errors.banned() : errors.invalidToken();
      }
      const familyRevokedAt = token.familyId ? families.get(token.familyId) : undefined;
      if (familyRevokedAt !== undefined && token.issuedAtMs <= familyRevokedAt) {
        throw errors.invalidToken();
      }
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
