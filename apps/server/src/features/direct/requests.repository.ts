import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type MessageRequestRow, messageRequests } from '../../db/schema';
import { findRow, insertRow, updateRow } from '../../lib/rows';
import { micros, type Position } from './direct.repository';

/**
 * Message requests (the direct-messaging contract): at most one pending per pair, either way round.
 */
export function insertRequest(
  db: Executor,
  values: { senderId: string; receiverId: string; content: string; at: Date },
): Promise<MessageRequestRow> {
  const { at, ...request } = values;
  return insertRow(db, messageRequests, { ...request, createdAt: at, updatedAt: at });
}

export function findRequest(db: Executor, id: string): Promise<MessageRequestRow | undefined> {
  return findRow(db, messageRequests, eq(messageRequests.id, id));
}

/** SQL condition: the request is pending between the user and any of `others`, either direction. */
const pendingWith = (userId: string, others: readonly string[]) =>
  and(
    eq(messageRequests.status, 'pending'),
    or(
      and(eq(messageRequests.senderId, userId), inArray(messageRequests.receiverId, [...others])),
      and(eq(messageRequests.receiverId, userId), inArray(messageRequests.senderId, [...others])),
    ),
  );

/** The pending request between the two, whichever way round. */
export function findPendingBetween(
  db: Executor,
  a: string,
  b: string,
): Promise<MessageRequestRow | undefined> {
  return findRow(db, messageRequests, pendingWith(a, [b]));
}

/** Pending requests involving the user and any of `others` (either direction). */
export async function listPendingWith(
  db: Executor,
  userId: string,
  others: readonly string[],
): Promise<MessageRequestRow[]> {
  if (others.length === 0) return [];
  return db.select().from(messageRequests).where(pendingWith(userId, others));
}

/**
 * Moves a pending request to its answer; undefined when it was no longer pending (answered by
 * someone else in the meantime), so only one answer ever wins.
 */
export function answerRequest(
  db: Executor,
  id: string,
  status: 'accepted' | 'declined' | 'cancelled',
  at: Date,
): Promise<MessageRequestRow | undefined> {
  return updateRow(
    db,
    messageRequests,
    { status, respondedAt: at, updatedAt: at },
    and(eq(messageRequests.id, id), eq(messageRequests.status, 'pending')),
  );
}

/** Puts an accepted request back to pending (its first message could not be delivered). */
export async function reopenRequest(db: Executor, id: string): Promise<void> {
  await db
    .update(messageRequests)
    .set({ status: 'pending', respondedAt: null })
    .where(and(eq(messageRequests.id, id), eq(messageRequests.status, 'accepted')));
}

export function linkRequest(
  db: Executor,
  id: string,
  link: { conversationId: string; messageId: string },
): Promise<MessageRequestRow | undefined> {
  return updateRow(db, messageRequests, link, eq(messageRequests.id, id));
}

/** A block cancels whatever request is pending between the two. */
export async function cancelPendingBetween(db: Executor, a: string, b: string, at: Date) {
  return db
    .update(messageRequests)
    .set({ status: 'cancelled', respondedAt: at, updatedAt: at })
    .where(
      and(
        eq(messageRequests.status, 'pending'),
        or(
          and(eq(messageRequests.senderId, a), eq(messageRequests.receiverId, b)),
          and(eq(messageRequests.senderId, b), eq(messageRequests.receiverId, a)),
        ),
      ),
    )
    .returning();
}

/** A page of requests the user received or sent, newest first. */
export async function listRequests(
  db: Executor,
  options: {
    userId: string;
    type: 'received' | 'sent';
    status: MessageRequestRow['status'];
    after?: Position;
    limit: number;
  },
): Promise<(MessageRequestRow & { position: string })[]> {
  const { userId, type, status, after, limit } = options;
  const mine =
    type === 'received'
      ? eq(messageRequests.receiverId, userId)
      : eq(messageRequests.senderId, userId);
  const rows = await db
    .select({
      request: messageRequests,
      position: sql<string>`${micros(messageRequests.createdAt)}::text`,
    })
    .from(messageRequests)
    .where(
      and(
        mine,
        eq(messageRequests.status, status),
        after
          ? sql`(${micros(messageRequests.createdAt)}, ${messageRequests.id}) < (${after.at}::bigint, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(messageRequests.createdAt), desc(messageRequests.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.request, position: r.position }));
}

/** Requests whose first message is one of these, by message id. */
export async function requestsByMessage(
  db: Executor,
  messageIds: readonly string[],
): Promise<Map<string, MessageRequestRow>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(messageRequests)
    .where(inArray(messageRequests.messageId, [...messageIds]));
  return new Map(rows.map((r) => [r.messageId!, r]));
}
