import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';

/**
 * Every fixed advisory-lock key, in one place so that no two uses share one by accident (all
 * nodes must agree on them). Periodic jobs take `lockKeyOf(name)` instead.
 */
export const lockKeys = {
  migration: 724_011,
  expirySweep: 724_012,
  availabilitySample: 724_013,
  jobQueueInstall: 724_014,
} as const;

/** A stable 32-bit key for a named lock, the same on every node. */
export const lockKeyOf = (name: string) =>
  createHash('sha256').update(`kindred-job:${name}`).digest().readInt32BE(0);

/**
 * Runs `work` in a transaction holding the advisory lock `key` (any fixed number all nodes agree
 * on), so only one node at a time does it. Undefined, without running `work`, when another node
 * holds the lock; the lock goes with the transaction.
 */
export async function withAdvisoryLock<T>(
  db: Db,
  key: number,
  work: (tx: Tx) => Promise<T>,
): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const [lock] = await tx
      .select({ ok: sql<boolean>`pg_try_advisory_xact_lock(${key})` })
      .from(sql`(select 1) as one`);
    if (!lock?.ok) return undefined;
    return work(tx);
  });
}
