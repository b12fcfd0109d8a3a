import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { userBlocks, users } from '../../db/schema';

export async function insertBlock(
  db: Executor,
  blockerId: string,
  blockedId: string,
  reason: string | null,
) {
  await db.insert(userBlocks).values({ blockerId, blockedId, reason }).onConflictDoNothing();
}

export async function deleteBlock(db: Executor, blockerId: string, blockedId: string) {
  await db
    .delete(userBlocks)
    .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)));
}

/** True when either user has blocked the other. */
export async function blockedEitherWay(db: Executor, a: string, b: string): Promise<boolean> {
  const rows = await db
    .select({ id: userBlocks.id })
    .from(userBlocks)
    .where(
      or(
        and(eq(userBlocks.blockerId, a), eq(userBlocks.blockedId, b)),
        and(eq(userBlocks.blockerId, b), eq(userBlocks.blockedId, a)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** SQL condition: no block either way between `userId` and the row's user column. */
export function notBlockedWith(userId: string, other: AnyPgColumn) {
  return sql`not exists (select 1 from ${userBlocks} b
    where (b.blocker_id = ${userId} and b.blocked_id = ${other})
       or (b.blocker_id = ${other} and b.blocked_id = ${userId}))`;
}

/** The users `blockerId` blocked, newest first, with the pseudonym they go by. */
export function listBlockedBy(db: Executor, blockerId: string) {
  return db
    .select({
      userId: userBlocks.blockedId,
      pseudonym: users.pseudonym,
      reason: userBlocks.reason,
      blockedAt: userBlocks.createdAt,
    })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(eq(userBlocks.blockerId, blockerId))
    .orderBy(desc(userBlocks.createdAt));
}
