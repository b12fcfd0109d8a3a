import { and, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversations, messages } from '../../db/schema';
import { lockKeys, withAdvisoryLock } from '../../lib/advisory-lock';
import type { PolicyRegistry } from './policies';

export interface SweepResult {
  conversations: number;
  messages: number;
  conversationIds: string[];
  /** Files carried by the deleted messages. */
  attachmentIds: string[];
}

/**
 * Deletes what has passed its expiry: conversations of the kinds whose policy gives them a
 * lifetime (listening chats 24 h after they started), with their messages, and whatever else a
 * kind keeps for a while (its `sweep`). Runs on every node; a transaction-scoped advisory lock
 * lets one sweep at a time. Undefined when another node holds the lock.
 */
export async function sweepExpired(
  db: Db,
  policies: PolicyRegistry,
  now: Date,
): Promise<SweepResult | undefined> {
  const kinds = policies
    .all()
    .filter((p) => p.lifetimeMs !== undefined)
    .map((p) => p.kind);
  return withAdvisoryLock(db, lockKeys.expirySweep, async (tx) => {
    const deletedMessages = await tx
      .delete(messages)
      .where(and(isNotNull(messages.expiresAt), lte(messages.expiresAt, now)))
      .returning({ id: messages.id, attachmentId: messages.attachmentId });
    for (const policy of policies.all()) await policy.sweep?.(tx, now);
    const deletedConversations =
      kinds.length === 0
        ? []
        : await tx
            .delete(conversations)
            .where(
              and(
                inArray(conversations.kind, kinds),
                isNotNull(conversations.expiresAt),
                lte(conversations.expiresAt, now),
              ),
            )
            .returning({ id: conversations.id });
    return {
      conversations: deletedConversations.length,
      messages: deletedMessages.length,
      conversationIds: deletedConversations.map((c) => c.id),
      attachmentIds: deletedMessages.flatMap((m) => (m.attachmentId ? [m.attachmentId] : [])),
    };
  });
}
