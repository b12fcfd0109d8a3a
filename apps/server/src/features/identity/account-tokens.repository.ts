import { and, eq, gt, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type AccountTokenRow, accountTokens } from '../../db/schema';

export type AccountTokenPurpose = AccountTokenRow['purpose'];

export async function insertAccountToken(
  db: Executor,
  values: typeof accountTokens.$inferInsert,
): Promise<void> {
  await db.insert(accountTokens).values(values);
}

/** Marks the unused tokens that match `where` as used at `now`; returns them. */
function useTokens(db: Executor, now: Date, where: SQL | undefined) {
  return db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(isNull(accountTokens.usedAt), where))
    .returning();
}

/**
 * Uses a token once: marks it used and returns it, unless it is unknown, used, expired or for
 * another purpose. Two requests racing with the same token: only one gets the row.
 */
export async function consumeAccountToken(
  db: Executor,
  tokenHash: string,
  purposes: AccountTokenPurpose[],
  now: Date,
): Promise<AccountTokenRow | undefined> {
  const [row] = await useTokens(
    db,
    now,
    and(eq(accountTokens.tokenHash, tokenHash), gt(accountTokens.expiresAt, now)),
  );
  return row && purposes.includes(row.purpose) ? row : undefined;
}

/** Retires every open token of this purpose (a newer link, or the password changed). */
export async function retireAccountTokens(
  db: Executor,
  userId: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<void> {
  await useTokens(
    db,
    now,
    and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose)),
  );
}
