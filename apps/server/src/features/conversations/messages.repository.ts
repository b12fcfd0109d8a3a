import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { uniqueViolation } from '../../lib/db-errors';
import { errors } from '../../lib/errors';
import { findRow, insertIfAbsent } from '../../lib/rows';
import { conversations, messageReactions, type MessageRow, messages, users } from '../../db/schema';

export interface MessageWithSender extends MessageRow {
  senderPseudonym: string | null;
}

/** Columns of a message plus its sender's pseudonym. */
const messageColumns = {
  id: messages.id,
  conversationId: messages.conversationId,
  seq: messages.seq,
  versionSeq: messages.versionSeq,
  senderId: messages.senderId,
  clientMsgId: messages.clientMsgId,
  kind: messages.kind,
  content: messages.content,
  attachmentId: messages.attachmentId,
  refId: messages.refId,
  moderationStatus: messages.moderationStatus,
  flaggedReason: messages.flaggedReason,
  sentAt: messages.sentAt,
  expiresAt: messages.expiresAt,
  editedAt: messages.editedAt,
  deletedAt: messages.deletedAt,
  readAt: messages.readAt,
  senderPseudonym: users.pseudonym,
};

/** A conversation's messages after `seq` (a `where` condition). */
const messagesAfter = (conversationId: string, seq: number) =>
  and(eq(messages.conversationId, conversationId), gt(messages.seq, seq));

/** One message, looked for only in its own conversation (a `where` condition). */
const messageIn = (conversationId: string, messageId: string) =>
  and(eq(messages.id, messageId), eq(messages.conversationId, conversationId));

class NothingChanged extends Error {}

const attachmentAlreadySent = () =>
  errors.validation([{ path: 'attachment_id', message: 'This file has already been sent' }]);

export type NewMessage = Omit<typeof messages.$inferInsert, 'seq' | 'versionSeq' | 'id'>;

/** A raw `messages` row (snake_case, int8 possibly as text) as a typed row. */
function toMessageRow(r: Record<string, unknown>): MessageRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: r.id as string,
    conversationId: r.conversation_id as string,
    seq: Number(r.seq),
    versionSeq: Number(r.version_seq),
    senderId: (r.sender_id as string | null) ?? null,
    clientMsgId: (r.client_msg_id as string | null) ?? null,
    kind: r.kind as MessageRow['kind'],
    content: r.content as string,
    attachmentId: (r.attachment_id as string | null) ?? null,
    refId: (r.ref_id as string | null) ?? null,
    moderationStatus: r.moderation_status as MessageRow['moderationStatus'],
    flaggedReason: (r.flagged_reason as string | null) ?? null,
    sentAt: date(r.sent_at)!,
    expiresAt: date(r.expires_at),
    editedAt: date(r.edited_at),
    deletedAt: date(r.deleted_at),
    readAt: date(r.read_at),
  };
}

/**
 * Stamps when messages were first read by someone other than their sender, as a member's read
 * marker moves from `afterSeq` to `uptoSeq`; returns the id of the message at `uptoSeq`.
 */
export async function stampRead(
  db: Executor,
  conversationId: string,
  readerId: string,
  afterSeq: number,
  uptoSeq: number,
  at: Date,
): Promise<string | null> {
  await db
    .update(messages)
    .set({ readAt: at })
    .where(
      and(
        messagesAfter(conversationId, afterSeq),
        lte(messages.seq, uptoSeq),
        isNull(messages.readAt),
        or(isNull(messages.senderId), ne(messages.senderId, readerId)),
      ),
    );
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.seq, uptoSeq)));
  return row?.id ?? null;
}

/** A message by id alone, with its conversation (for `mark_read { message_id }`). */
export function findMessageById(db: Executor, id: string): Promise<MessageRow | undefined> {
  return findRow(db, messages, eq(messages.id, id));
}

/**
 * Takes the conversation's next seq and inserts the message in one statement (one round trip;
 * the UPDATE's row lock orders concurrent senders). A retry with a client_msg_id already used
 * takes no seq and returns the stored message (`created: false`). Undefined when the
 * conversation is not active.
 */
export async function insertMessage(
  db: Executor,
  values: NewMessage,
): Promise<{ row: MessageRow; created: boolean } | undefined> {
  const { conversationId, senderId = null, clientMsgId = null } = values;
  const result = (await db
    .execute(
      sql`
    with counter as (
      update ${conversations} set last_seq = last_seq + 1,
        last_message_at = ${(values.sentAt ?? new Date()).toISOString()}::timestamptz
      where id = ${conversationId} and status = 'active'
        and not exists (
          select 1 from ${messages}
          where conversation_id = ${conversationId} and sender_id = ${senderId}
            and client_msg_id = ${clientMsgId})
      returning last_seq
    )
    insert into ${messages} (conversation_id, seq, version_seq, sender_id, client_msg_id, kind,
      content, attachment_id, ref_id, moderation_status, flagged_reason, sent_at, expires_at)
    select ${conversationId}, last_seq, last_seq, ${senderId}, ${clientMsgId}, ${values.kind ?? 'text'},
      ${values.content}, ${values.attachmentId ?? null}, ${values.refId ?? null},
      ${values.moderationStatus ?? 'approved'},
      ${values.flaggedReason ?? null}, ${(values.sentAt ?? new Date()).toISOString()},
      ${values.expiresAt?.toISOString() ?? null}
    from counter
    on conflict (conversation_id, sender_id, client_msg_id) do nothing
    returning *
  `,
    )
    .catch((error: unknown) => {
      // Two sends racing with one file: the second finds it taken.
      if (uniqueViolation(error) === 'messages_attachment_key') throw attachmentAlreadySent();
      throw error;
    })) as unknown as { rows: Record<string, unknown>[] };
  const inserted = result.rows[0];
  if (inserted) return { row: toMessageRow(inserted), created: true };
  // Nothing inserted: a retry of a stored message, or the conversation is not active. (Two
  // identical retries racing can both pass the check; the loser's seq is then skipped, once.)
  if (senderId && clientMsgId) {
    const existing = await findByClientMsgId(db, conversationId, senderId, clientMsgId);
    if (existing) return { row: existing, created: false };
  }
  return undefined;
}

/**
 * Stores several messages in one statement (group commit): each active conversation's counter
 * moves once by its count, and its messages take the seqs in between in the order given, so
 * several messages of one conversation in the batch get consecutive seqs. A message whose
 * client_msg_id is already stored, or whose conversation is not active, is skipped: its slot
 * in the answer is undefined (the caller looks for the stored one). Keys must be distinct.
 */
export async function insertMessages(
  db: Executor,
  batch: NewMessage[],
): Promise<(MessageRow | undefined)[]> {
  const input = batch.map((values, ord) => ({
    ord,
    conversation_id: values.conversationId,
    sender_id: values.senderId ?? null,
    client_msg_id: values.clientMsgId ?? null,
    kind: values.kind ?? 'text',
    content: values.content,
    attachment_id: values.attachmentId ?? null,
    ref_id: values.refId ?? null,
    moderation_status: values.moderationStatus ?? 'approved',
    flagged_reason: values.flaggedReason ?? null,
    sent_at: (values.sentAt ?? new Date()).toISOString(),
    expires_at: values.expiresAt?.toISOString() ?? null,
  }));
  const result = (await db
    .execute(
      sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(ord int,
        conversation_id uuid, sender_id uuid, client_msg_id uuid, kind text, content text,
        attachment_id uuid, ref_id uuid, moderation_status text, flagged_reason text,
        sent_at timestamptz, expires_at timestamptz)
    ),
    fresh as (
      select i.*, row_number() over (partition by i.conversation_id order by i.ord) as n
      from input i
      where not exists (
        select 1 from ${messages} m
        where m.conversation_id = i.conversation_id and m.sender_id = i.sender_id
          and m.client_msg_id = i.client_msg_id)
    ),
    counts as (
      select conversation_id, count(*) as taken, max(sent_at) as at from fresh group by conversation_id
    ),
    counter as (
      update ${conversations} c set last_seq = c.last_seq + counts.taken, last_message_at = counts.at
      from counts where c.id = counts.conversation_id and c.status = 'active'
      returning c.id, c.last_seq - counts.taken as before
    ),
    target as (
      select f.*, counter.before + f.n as seq from fresh f join counter on counter.id = f.conversation_id
    ),
    inserted as (
      insert into ${messages} (conversation_id, seq, version_seq, sender_id, client_msg_id, kind,
        content, attachment_id, ref_id, moderation_status, flagged_reason, sent_at, expires_at)
      select conversation_id, seq, seq, sender_id, client_msg_id, kind, content, attachment_id,
        ref_id, moderation_status, flagged_reason, sent_at, expires_at
      from target order by ord
      on conflict (conversation_id, sender_id, client_msg_id) do nothing
      returning *
    )
    select inserted.*, target.ord from inserted
    join target on target.conversation_id = inserted.conversation_id and target.seq = inserted.seq
  `,
    )
    .catch((error: unknown) => {
      if (uniqueViolation(error) === 'messages_attachment_key') throw attachmentAlreadySent();
      throw error;
    })) as unknown as { rows: Record<string, unknown>[] };
  const byOrd = new Map(result.rows.map((r) => [Number(r.ord), toMessageRow(r)]));
  return batch.map((_, ord) => byOrd.get(ord));
}

export function findByClientMsgId(
  db: Executor,
  conversationId: string,
  senderId: string,
  clientMsgId: string,
): Promise<MessageRow | undefined> {
  return findRow(
    db,
    messages,
    and(
      eq(messages.conversationId, conversationId),
      eq(messages.senderId, senderId),
      eq(messages.clientMsgId, clientMsgId),
    ),
  );
}

export function findMessage(
  db: Executor,
  conversationId: string,
  messageId: string,
): Promise<MessageRow | undefined> {
  return findRow(db, messages, messageIn(conversationId, messageId));
}

/**
 * Applies a change to a message under a new version_seq from the conversation's counter, so
 * clients that resync after `version_seq` see it. `change` runs inside the transaction.
 */
export async function changeMessage(
  db: Executor,
  conversationId: string,
  messageId: string,
  change: (tx: Executor) => Promise<Partial<NewMessage> | undefined>,
): Promise<MessageRow | undefined> {
  try {
    return await db.transaction(async (tx) => {
      const set = await change(tx);
      if (!set) throw new NothingChanged();
      const [counter] = await tx
        .update(conversations)
        .set({ lastSeq: sql`${conversations.lastSeq} + 1` })
        .where(eq(conversations.id, conversationId))
        .returning({ seq: conversations.lastSeq });
      if (!counter) throw new NothingChanged();
      const [row] = await tx
        .update(messages)
        .set({ ...set, versionSeq: counter.seq })
        .where(messageIn(conversationId, messageId))
        .returning();
      if (!row) throw new NothingChanged();
      return row;
    });
  } catch (error) {
    if (error instanceof NothingChanged) return undefined;
    throw error;
  }
}

/** One person's reaction with one emoji to one message (a `where` condition). */
const oneReaction = (messageId: string, userId: string, emoji: string) =>
  and(
    eq(messageReactions.messageId, messageId),
    eq(messageReactions.userId, userId),
    eq(messageReactions.emoji, emoji),
  );

/** Adds or removes one reaction; true when something changed. */
export async function setReaction(
  tx: Executor,
  messageId: string,
  userId: string,
  emoji: string,
  on: boolean,
): Promise<boolean> {
  if (on) return insertIfAbsent(tx, messageReactions, { messageId, userId, emoji });
  const rows = await tx
    .delete(messageReactions)
    .where(oneReaction(messageId, userId, emoji))
    .returning({ emoji: messageReactions.emoji });
  return rows.length > 0;
}

export async function hasReaction(
  db: Executor,
  messageId: string,
  userId: string,
  emoji: string,
): Promise<boolean> {
  const rows = await db
    .select({ emoji: messageReactions.emoji })
    .from(messageReactions)
    .where(oneReaction(messageId, userId, emoji))
    .limit(1);
  return rows.length > 0;
}

export type ReactionsByMessage = Map<string, { emoji: string; userIds: string[] }[]>;

export async function listReactions(
  db: Executor,
  messageIds: string[],
): Promise<ReactionsByMessage> {
  const byMessage: ReactionsByMessage = new Map();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({
      messageId: messageReactions.messageId,
      emoji: messageReactions.emoji,
      userId: messageReactions.userId,
    })
    .from(messageReactions)
    .where(inArray(messageReactions.messageId, messageIds))
    .orderBy(asc(messageReactions.createdAt));
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    const entry = list.find((r) => r.emoji === row.emoji);
    if (entry) entry.userIds.push(row.userId);
    else list.push({ emoji: row.emoji, userIds: [row.userId] });
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}

/** A conversation's messages a member may still see: after their `afterSeq`, not expired. */
interface VisibleMessages {
  conversationId: string;
  now: Date;
  afterSeq: number;
  limit: number;
}

/** Up to `limit` of the visible messages that also match `where`, in `order`, with their senders. */
function listVisible(db: Executor, range: VisibleMessages, where: SQL | undefined, order: SQL) {
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.senderId))
    .where(
      and(
        messagesAfter(range.conversationId, range.afterSeq),
        or(isNull(messages.expiresAt), gt(messages.expiresAt, range.now)),
        where,
      ),
    )
    .orderBy(order)
    .limit(range.limit);
}

/** A page of history, newest first, before a given seq (exclusive). */
export async function listHistory(
  db: Executor,
  options: VisibleMessages & { beforeSeq?: number },
): Promise<MessageWithSender[]> {
  const { beforeSeq } = options;
  const before = beforeSeq === undefined ? undefined : lt(messages.seq, beforeSeq);
  return listVisible(db, options, before, desc(messages.seq));
}

/** Everything created or changed after a version, oldest change first. */
export async function listChangedSince(
  db: Executor,
  options: VisibleMessages & { afterVersion: number },
): Promise<MessageWithSender[]> {
  const changed = gt(messages.versionSeq, options.afterVersion);
  return listVisible(db, options, changed, asc(messages.versionSeq));
}

/** The message that carries an attachment, if it was sent. */
export async function findMessageWithAttachment(db: Executor, attachmentId: string) {
  const [row] = await db
    .select({
      id: messages.id,
      senderId: messages.senderId,
      clientMsgId: messages.clientMsgId,
      deletedAt: messages.deletedAt,
      moderationStatus: messages.moderationStatus,
    })
    .from(messages)
    .where(eq(messages.attachmentId, attachmentId))
    .limit(1);
  return row;
}

/** Who wrote words in a conversation that suggested risk (self-harm wording), each once. */
export async function selfHarmWriters(db: Executor, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ senderId: messages.senderId })
    .from(messages)
    .where(
      and(eq(messages.conversationId, conversationId), eq(messages.flaggedReason, 'self_harm')),
    );
  return rows.flatMap((r) => (r.senderId ? [r.senderId] : []));
}
