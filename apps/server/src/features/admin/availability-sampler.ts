import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { availabilitySamples, users } from '../../db/schema';
import { lockKeys, withAdvisoryLock } from '../../lib/advisory-lock';

/** Samples older than this are no longer shown anywhere. */
const KEEP_MS = 30 * 24 * 3600 * 1000;

/**
 * Counts available and busy listeners into `availability_samples` (the dashboard's "by hour of
 * day" chart). Runs on every node: the advisory lock lets one at a time in, and a sample taken
 * less than half an interval ago (by another node) means there is nothing to do.
 * Returns the sample, or undefined when none was taken.
 */
export async function sampleAvailability(db: Db, now: Date, intervalMs: number) {
  return withAdvisoryLock(db, lockKeys.availabilitySample, async (tx) => {
    const recent = await tx
      .select({ at: availabilitySamples.sampledAt })
      .from(availabilitySamples)
      .where(gt(availabilitySamples.sampledAt, new Date(now.getTime() - intervalMs / 2)))
      .limit(1);
    if (recent.length > 0) return undefined;
    const [counts] = await tx
      .select({
        available:
          sql<number>`count(*) filter (where ${users.listenerAvailability} = 'available')`.mapWith(
            Number,
          ),
        inChat:
          sql<number>`count(*) filter (where ${users.listenerAvailability} = 'in_chat')`.mapWith(
            Number,
          ),
      })
      .from(users)
      .where(and(eq(users.isActive, true), sql`'listener' = any(${users.roles})`));
    const sample = {
      sampledAt: now,
      available: counts?.available ?? 0,
      inChat: counts?.inChat ?? 0,
    };
    await tx.insert(availabilitySamples).values(sample).onConflictDoNothing();
    await tx
      .delete(availabilitySamples)
      .where(lt(availabilitySamples.sampledAt, new Date(now.getTime() - KEEP_MS)));
    return sample;
  });
}
