import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';

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
