import { and, isNotNull, lte } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversations, messages } from '../../db/schema';
import { prunePastSessions } from '../direct/direct.repository';
import { REQUEST_WINDOW_MS } from '../direct/privacy';

/** Any fixed number, shared by all nodes: only the node holding it sweeps. */
const SWEEP_LOCK = 724_012;

/**
 * Deletes what has passed its expiry (listening chats 24 h after they started, with their
 * messages, and listening partners remembered for message requests after 30 days). Runs on every node; a transaction-scoped advisory lock lets one sweep at a time.
 * Returns undefined when another node holds the lock.
 */
export async function sweepExpired(
  db: Db,
  now: Date,
): Promise<{ conversations: number; messages: number } | undefined> {
  return db.transaction(async (tx) => {
    const [lock] = await tx
      .select({ ok: sql<boolean>`pg_try_advisory_xact_lock(${SWEEP_LOCK})` })
      .from(sql`(select 1) as one`);
    if (!lock?.ok) return undefined;
    const deletedMessages = await tx
      .delete(messages)
      .where(and(isNotNull(messages.expiresAt), lte(messages.expiresAt, now)))
      .returning({ id: messages.id });
    // Who may send whom a message request: listening partners of the last 30 days only.
    await prunePastSessions(tx, new Date(now.getTime() - REQUEST_WINDOW_MS));
    const deletedConversations = await tx
      .delete(conversations)
      .where(and(isNotNull(conversations.expiresAt), lte(conversations.expiresAt, now)))
      .returning({ id: conversations.id });
    return { conversations: deletedConversations.length, messages: deletedMessages.length };
  });
}
