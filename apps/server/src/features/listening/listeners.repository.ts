import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { type UserRow, users } from '../../db/schema';
import { countRows, updateRow } from '../../lib/rows';

export type ListenerStatusValue = UserRow['listenerStatus'];

/** Sets the user's application state; pass the transaction that also writes the audit entry. */
export function updateListenerState(
  db: Executor,
  userId: string,
  values: Partial<
    Pick<
      UserRow,
      | 'roles'
      | 'listenerStatus'
      | 'listenerStatusReason'
      | 'listenerMotivation'
      | 'listenerAppliedAt'
      | 'guidelinesAcceptedAt'
      | 'listenerReviewedAt'
      | 'listenerReviewedBy'
      | 'listenerAvailability'
    >
  >,
  onlyIfStatus?: ListenerStatusValue,
): Promise<UserRow | undefined> {
  return updateRow(
    db,
    users,
    { ...values, updatedAt: sql`now()` },
    and(eq(users.id, userId), onlyIfStatus ? eq(users.listenerStatus, onlyIfStatus) : undefined),
  );
}

/** One page of listeners in a status: oldest application first while pending, newest review otherwise. */
export async function listListenersByStatus(
  db: Executor,
  filter: { status: ListenerStatusValue; offset: number; limit: number },
) {
  const reviewer = alias(users, 'reviewer');
  const where = eq(users.listenerStatus, filter.status);
  const order =
    filter.status === 'pending'
      ? [sql`${users.listenerAppliedAt} asc nulls last`, users.id]
      : [desc(sql`coalesce(${users.listenerReviewedAt}, ${users.listenerAppliedAt})`), users.id];
  const [rows, total] = await Promise.all([
    db
      .select({ user: users, reviewerPseudonym: reviewer.pseudonym })
      .from(users)
      .leftJoin(reviewer, eq(reviewer.id, users.listenerReviewedBy))
      .where(where)
      .orderBy(...order)
      .offset(filter.offset)
      .limit(filter.limit),
    countRows(db, users, where),
  ]);
  return { rows, total };
}

export async function findListenerWithReviewer(db: Executor, userId: string) {
  const reviewer = alias(users, 'reviewer');
  const [row] = await db
    .select({ user: users, reviewerPseudonym: reviewer.pseudonym })
    .from(users)
    .leftJoin(reviewer, eq(reviewer.id, users.listenerReviewedBy))
    .where(eq(users.id, userId))
    .limit(1);
  return row;
}
