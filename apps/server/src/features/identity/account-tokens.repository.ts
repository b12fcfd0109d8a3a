import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type AccountTokenRow, accountTokens } from '../../db/schema';

export type AccountTokenPurpose = AccountTokenRow['purpose'];

export async function insertAccountToken(
  db: Executor,
  values: typeof accountTokens.$inferInsert,
): Promise<void> {
  await db.insert(accountTokens).values(values);
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
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, tokenHash),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning();
  return row && purposes.includes(row.purpose) ? row : undefined;
}

/** Retires every open token of this purpose (a newer link, or the password changed). */
export async function retireAccountTokens(
  db: Executor,
  userId: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<void> {
  await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.userId, userId),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
      ),
    );
}
