import { and, desc, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import {
  conversationMembers,
  conversations,
  type MemberRow,
  type MessageRow,
  messages,
  pastSessions,
  userBlocks,
  type UserRow,
  users,
} from '../../db/schema';
import { findRow } from '../../lib/rows';
import { membershipOf } from '../conversations';

/** The pair's key on `conversations.direct_key`: both ids, sorted, joined by ':'. */
export const directKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** A keyset position: the row's timestamp in microseconds since the epoch (exact), and its id. */
export interface Position {
  at: string;
  id: string;
}

/** A timestamp as exact microseconds since the epoch (extract gives numeric, not a float). */
export const micros = (column: unknown) => sql`(extract(epoch from ${column}) * 1000000)::bigint`;

export async function findUsers(db: Executor, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** Pairs among these users where one blocked the other, as "a:b" keys (sorted). */
export async function blockedPairs(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length < 2) return new Set();
  const rows = await db
    .select({ a: userBlocks.blockerId, b: userBlocks.blockedId })
    .from(userBlocks)
    .where(and(inArray(userBlocks.blockerId, [...ids]), inArray(userBlocks.blockedId, [...ids])));
  return new Set(rows.map((r) => directKey(r.a, r.b)));
}

/** The blocks between the viewer and any of these users, either way round. */
export async function blocksWith(
  db: Executor,
  viewerId: string,
  others: readonly string[],
): Promise<{ blockerId: string; blockedId: string }[]> {
  if (others.length === 0) return [];
  return db
    .select({ blockerId: userBlocks.blockerId, blockedId: userBlocks.blockedId })
    .from(userBlocks)
    .where(
      or(
        and(eq(userBlocks.blockerId, viewerId), inArray(userBlocks.blockedId, [...others])),
        and(eq(userBlocks.blockedId, viewerId), inArray(userBlocks.blockerId, [...others])),
      ),
    );
}

/** When the two last had a listening session, if on or after `since`. */
export async function lastSessionSince(
  db: Executor,
  a: string,
  b: string,
  since: Date,
): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: pastSessions.lastSessionAt })
    .from(pastSessions)
    .where(
      and(
        eq(pastSessions.userLow, a < b ? a : b),
        eq(pastSessions.userHigh, a < b ? b : a),
        gte(pastSessions.lastSessionAt, since),
      ),
    )
    .limit(1);
  return row?.at;
}

/** Everyone the user had a listening session with since `since`, most recent first. */
export async function listPastPartners(
  db: Executor,
  userId: string,
  since: Date,
  limit: number,
): Promise<{ partnerId: string; lastSessionAt: Date }[]> {
  const rows = await db
    .select({
      low: pastSessions.userLow,
      high: pastSessions.userHigh,
      at: pastSessions.lastSessionAt,
    })
    .from(pastSessions)
    .where(
      and(
        or(eq(pastSessions.userLow, userId), eq(pastSessions.userHigh, userId)),
        gte(pastSessions.lastSessionAt, since),
      ),
    )
    .orderBy(desc(pastSessions.lastSessionAt))
    .limit(limit);
  return rows.map((r) => ({ partnerId: r.low === userId ? r.high : r.low, lastSessionAt: r.at }));
}

/** Direct conversation ids by pair key, for the given keys. */
export async function directConversationIds(
  db: Executor,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ id: conversations.id, key: conversations.directKey })
    .from(conversations)
    .where(inArray(conversations.directKey, [...keys]));
  return new Map(rows.map((r) => [r.key!, r.id]));
}

/**
 * The pair's direct conversation, created with both members if it does not exist yet. Two
 * concurrent callers get the same conversation: the unique direct_key decides.
 */
export async function ensureDirectConversation(
  db: Db,
  a: string,
  b: string,
  options: { createdBy: string; at: Date },
): Promise<{ id: string; created: boolean }> {
  const key = directKey(a, b);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(conversations)
      .values({
        kind: 'direct',
        directKey: key,
        createdBy: options.createdBy,
        startedAt: options.at,
        expiresAt: null,
      })
      .onConflictDoNothing({ target: conversations.directKey })
      .returning({ id: conversations.id });
    if (inserted) {
      await tx.insert(conversationMembers).values(
        [a, b].map((userId) => ({
          conversationId: inserted.id,
          userId,
          role: 'member',
          joinedAt: options.at,
        })),
      );
      return { id: inserted.id, created: true };
    }
    const [existing] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.directKey, key))
      .limit(1);
    if (!existing) throw new Error('direct conversation vanished');
    return { id: existing.id, created: false };
  });
}

// ── Conversations ──────────────────────────────────────────────────────────────────────────────

export interface InboxRow {
  id: string;
  kind: 'direct';
  activity: string;
  position: string;
  myLastRead: number;
  myCleared: number;
  mutedUntil: Date | null;
  archivedAt: Date | null;
  partnerId: string;
  partnerLastRead: number;
  unread: number;
  last: {
    id: string;
    seq: number;
    content: string;
    kind: MessageRow['kind'];
    senderId: string | null;
    sentAt: Date;
    hidden: boolean;
  } | null;
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * The user's direct conversations by last activity (last new message, else when it began), with
 * the last message and unread count as this member sees them: nothing at or below their
 * cleared_before_seq counts.
 */
export async function listInbox(
  db: Executor,
  options: { userId: string; archived: boolean; after?: Position; limit: number },
): Promise<InboxRow[]> {
  const { userId, archived, after, limit } = options;
  const result = (await db.execute(sql`
    select c.id, c.kind,
      coalesce(c.last_message_at, c.started_at) as activity,
      ${micros(sql`coalesce(c.last_message_at, c.started_at)`)}::text as position,
      me.last_read_seq as my_last_read, me.cleared_before_seq as my_cleared,
      me.muted_until, me.archived_at,
      p.user_id as partner_id, p.last_read_seq as partner_last_read,
      lm.id as lm_id, lm.seq as lm_seq, lm.content as lm_content, lm.kind as lm_kind,
      lm.sender_id as lm_sender_id, lm.sent_at as lm_sent_at,
      (lm.deleted_at is not null or lm.moderation_status = 'removed') as lm_hidden,
      (select count(*) from ${messages} m
        where m.conversation_id = c.id
          and m.seq > greatest(me.last_read_seq, me.cleared_before_seq)
          and m.sender_id is distinct from me.user_id
          and m.deleted_at is null and m.moderation_status <> 'removed') as unread
    from ${conversationMembers} me
    join ${conversations} c on c.id = me.conversation_id and c.kind = 'direct'
    join ${conversationMembers} p on p.conversation_id = c.id and p.user_id <> me.user_id
    left join lateral (
      select * from ${messages} m
      where m.conversation_id = c.id and m.seq > me.cleared_before_seq
      order by m.seq desc limit 1
    ) lm on true
    where me.user_id = ${userId}
      and ${archived ? sql`me.archived_at is not null` : sql`me.archived_at is null`}
      ${
        after
          ? sql`and (${micros(sql`coalesce(c.last_message_at, c.started_at)`)}, c.id) < (${after.at}::bigint, ${after.id}::uuid)`
          : sql``
      }
    order by coalesce(c.last_message_at, c.started_at) desc, c.id desc
    limit ${limit}
  `)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map((r) => ({
    id: r.id as string,
    kind: 'direct' as const,
    activity: toDate(r.activity)!.toISOString(),
    position: r.position as string,
    myLastRead: Number(r.my_last_read),
    myCleared: Number(r.my_cleared),
    mutedUntil: toDate(r.muted_until),
    archivedAt: toDate(r.archived_at),
    partnerId: r.partner_id as string,
    partnerLastRead: Number(r.partner_last_read),
    unread: Number(r.unread),
    last: r.lm_id
      ? {
          id: r.lm_id as string,
          seq: Number(r.lm_seq),
          content: r.lm_content as string,
          kind: r.lm_kind as MessageRow['kind'],
          senderId: (r.lm_sender_id as string | null) ?? null,
          sentAt: toDate(r.lm_sent_at)!,
          hidden: Boolean(r.lm_hidden),
        }
      : null,
  }));
}

/** Changes one member's own settings (mute, clear, archive); undefined when not a member. */
export async function updateMember(
  db: Executor,
  conversationId: string,
  userId: string,
  set: Partial<Pick<MemberRow, 'mutedUntil' | 'archivedAt'>> & { clearToLastSeq?: boolean },
): Promise<MemberRow | undefined> {
  const { clearToLastSeq, ...rest } = set;
  const [row] = await db
    .update(conversationMembers)
    .set({
      ...rest,
      ...(clearToLastSeq
        ? {
            clearedBeforeSeq: sql`(select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${conversationId})`,
          }
        : {}),
    })
    .where(membershipOf(conversationId, userId))
    .returning();
  return row;
}

/** A new message brings the conversation back from the archive of everyone but its sender. */
export async function unarchiveForOthers(db: Executor, conversationId: string, senderId: string) {
  await db
    .update(conversationMembers)
    .set({ archivedAt: null })
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        ne(conversationMembers.userId, senderId),
        sql`${conversationMembers.archivedAt} is not null`,
      ),
    );
}

export function findMessageById(db: Executor, id: string): Promise<MessageRow | undefined> {
  return findRow(db, messages, eq(messages.id, id));
}

/** Remembers that two people had a listening chat, for the message-request rule. */
export async function rememberPartners(tx: Executor, a: string, b: string, at: Date) {
  await tx
    .insert(pastSessions)
    .values({ userLow: a < b ? a : b, userHigh: a < b ? b : a, lastSessionAt: at })
    .onConflictDoUpdate({
      target: [pastSessions.userLow, pastSessions.userHigh],
      set: { lastSessionAt: at },
    });
}

/** Forgets listening partners older than the request window (the sweeper calls this). */
export async function prunePastSessions(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .delete(pastSessions)
    .where(sql`${pastSessions.lastSessionAt} < ${before.toISOString()}::timestamptz`)
    .returning({ low: pastSessions.userLow });
  return rows.length;
}
