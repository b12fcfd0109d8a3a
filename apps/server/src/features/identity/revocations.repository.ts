import { gt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users } from '../../db/schema';

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
