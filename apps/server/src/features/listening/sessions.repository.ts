import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import {
  conversationMembers,
  conversations,
  sessionLog,
  users,
  waitingList,
} from '../../db/schema';
import { updateRow } from '../../lib/rows';
import { membershipOf } from '../conversations';

/** The listener's membership row of a listening chat, joined as `listener`. */
const listener = alias(conversationMembers, 'listener');
const listenerOfChat = and(
  eq(listener.conversationId, conversations.id),
  eq(listener.role, 'listener'),
);

/** Listening chats still going on (a condition on `conversations`). */
const activeListening = and(
  eq(conversations.kind, 'listening'),
  eq(conversations.status, 'active'),
);

/**
 * Takes an available listener for a chat, atomically: of two sharers asking at the same moment,
 * the row lock lets exactly one of them see 'available'.
 */
export async function claimListener(tx: Executor, listenerId: string, approvedOnly = false) {
  const [row] = await tx
    .update(users)
    .set({ listenerAvailability: 'in_chat' })
    .where(
      and(
        eq(users.id, listenerId),
        eq(users.listenerAvailability, 'available'),
        eq(users.isActive, true),
        sql`'listener' = any(${users.roles})`,
        approvedOnly ? eq(users.listenerStatus, 'approved') : undefined,
      ),
    )
    .returning();
  return row;
}

/** The user's active listening conversation (not yet expired), with their role in it. */
export async function findActiveListening(db: Executor, userId: string, now: Date) {
  const [row] = await db
    .select({ conversation: conversations, role: conversationMembers.role })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.userId, userId),
        activeListening,
        or(isNull(conversations.expiresAt), gt(conversations.expiresAt, now)),
      ),
    )
    .limit(1);
  return row;
}

/** Ends an active conversation; undefined when it was not active (any more). */
export function closeConversation(
  tx: Executor,
  id: string,
  values: { status: 'ended' | 'abandoned'; endedBy: string | null; endedAt: Date },
) {
  return updateRow(
    tx,
    conversations,
    values,
    and(eq(conversations.id, id), eq(conversations.status, 'active')),
  );
}

export async function setAvailability(
  db: Executor,
  userId: string,
  availability: 'available' | 'unavailable' | 'in_chat',
  onlyIf?: 'in_chat' | 'available',
) {
  const [row] = await db
    .update(users)
    .set({ listenerAvailability: availability })
    .where(and(eq(users.id, userId), onlyIf ? eq(users.listenerAvailability, onlyIf) : undefined))
    .returning({ id: users.id, availability: users.listenerAvailability });
  return row;
}

export async function countFinishedChat(tx: Executor, listenerId: string) {
  await tx
    .update(users)
    .set({ listenerTotalChats: sql`${users.listenerTotalChats} + 1` })
    .where(eq(users.id, listenerId));
}

export async function markFirstJoined(
  db: Executor,
  conversationId: string,
  userId: string,
  at: Date,
) {
  await db
    .update(conversationMembers)
    .set({ firstJoinedAt: at })
    .where(and(membershipOf(conversationId, userId), isNull(conversationMembers.firstJoinedAt)));
}

/**
 * The chats this listener was asked to (since the cut-off) and has not opened yet: who asks, the
 * topic, and for a talk-now ask the time its answer is due.
 */
export async function findUnopenedFor(db: Executor, listenerId: string, startedAfter: Date) {
  const sharer = alias(conversationMembers, 'sharer');
  return db
    .select({
      id: conversations.id,
      topic: conversations.topic,
      sharerId: users.id,
      sharerPseudonym: users.pseudonym,
      askedUntil: waitingList.askedUntil,
    })
    .from(conversations)
    .innerJoin(listener, listenerOfChat)
    .innerJoin(sharer, and(eq(sharer.conversationId, conversations.id), eq(sharer.role, 'sharer')))
    .innerJoin(users, eq(users.id, sharer.userId))
    .leftJoin(waitingList, eq(waitingList.sessionId, conversations.id))
    .where(
      and(
        activeListening,
        eq(listener.userId, listenerId),
        isNull(listener.firstJoinedAt),
        gt(conversations.startedAt, startedAfter),
      ),
    )
    .limit(10);
}

/** Active listening chats older than the cut-off whose listener never opened them. */
export async function findUnjoined(db: Executor, startedBefore: Date) {
  return db
    .select({ id: conversations.id, listenerId: listener.userId })
    .from(conversations)
    .innerJoin(listener, listenerOfChat)
    .where(
      and(
        activeListening,
        lte(conversations.startedAt, startedBefore),
        isNull(listener.firstJoinedAt),
      ),
    )
    .limit(100);
}

export async function setAwaySince(db: Executor, userId: string, at: Date | null) {
  await db.update(users).set({ awaySince: at }).where(eq(users.id, userId));
}

/** Available listeners with no socket since before the cut-off become unavailable. */
export async function releaseAwayListeners(db: Executor, awayBefore: Date) {
  return db
    .update(users)
    .set({ listenerAvailability: 'unavailable' })
    .where(and(eq(users.listenerAvailability, 'available'), lte(users.awaySince, awayBefore)))
    .returning({ id: users.id });
}

/** Every active listening chat the user is a member of (a ban ends them all). */
export async function findAllActive(db: Executor, userId: string, role?: 'listener') {
  return db
    .select({ id: conversations.id })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.userId, userId),
        role ? eq(conversationMembers.role, role) : undefined,
        activeListening,
      ),
    );
}

/** Active listening chats that both users are members of. */
export async function findSharedActive(db: Executor, a: string, b: string) {
  const other = alias(conversationMembers, 'other');
  return db
    .select({ id: conversations.id })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .innerJoin(other, and(eq(other.conversationId, conversations.id), eq(other.userId, b)))
    .where(and(eq(conversationMembers.userId, a), activeListening));
}

/** Remembers a new listening chat beyond its 24 hours: a wordless row for the dashboard. */
export async function recordSessionStart(
  tx: Executor,
  session: { id: string; topic: string | null; startedAt: Date },
) {
  await tx.insert(sessionLog).values({
    id: session.id,
    topic: session.topic,
    startedAt: session.startedAt,
  });
}

export async function recordSessionEnd(
  tx: Executor,
  id: string,
  values: { status: 'ended' | 'abandoned'; endedAt: Date },
) {
  await tx.update(sessionLog).set(values).where(eq(sessionLog.id, id));
}
