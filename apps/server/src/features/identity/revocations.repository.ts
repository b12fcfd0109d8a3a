import { gt, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { accessRevocations, users } from '../../db/schema';

/** Users whose tokens were revoked after `since`, and whether they are banned now. */
export async function findRecentRevocations(db: Executor, since: Date) {
  const rows = await db
    .select({ userId: users.id, revokedAt: users.tokensRevokedAt, isActive: users.isActive })
    .from(users)
    .where(gt(users.tokensRevokedAt, since));
  return rows.map((row) => ({
    userId: row.userId,
    revokedAt: row.revokedAt!,
    banned: !row.isActive,
  }));
}

/** Records that a session's (or, with no family, every) access token stops working now. */
export async function insertAccessRevocation(
  db: Executor,
  values: { userId: string; familyId: string | null; revokedAt: Date },
): Promise<void> {
  await db.insert(accessRevocations).values(values);
}

/** Sessions ended and accounts erased after `since`. */
export function findRecentAccessRevocations(db: Executor, since: Date) {
  return db
    .select({
      userId: accessRevocations.userId,
      familyId: accessRevocations.familyId,
      revokedAt: accessRevocations.revokedAt,
    })
    .from(accessRevocations)
    .where(gt(accessRevocations.revokedAt, since));
}

/** Forgets revocations older than `before`: every token they refused has expired by then. */
export async function deleteAccessRevocationsBefore(db: Executor, before: Date): Promise<void> {
  await db.delete(accessRevocations).where(lt(accessRevocations.revokedAt, before));
}
