import { and, asc, desc, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { conversations, messages, users } from '../../db/schema';
import { findRow } from '../../lib/rows';

/** One entry of the moderation queue: a flagged message or a user report. */
export interface QueueRow {
  id: string;
  kind: 'flagged_message' | 'report';
  severity: number;
  category: string;
  userId: string | null;
  userPseudonym: string | null;
  reporterId: string | null;
  reporterPseudonym: string | null;
  sessionId: string | null;
  messageId: string | null;
  content: string | null;
  description: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
  resolution: string | null;
}

/**
 * Both sources as one relation. Self-harm wording is not here: it goes to the wellbeing queue
 * (features/wellbeing), for support rather than sanctions. Severity 3: self-harm wording or a safety concern; 2: other
 * distress and harassment; 1: the rest. `open` is what still waits for a decision.
 */
const queue = sql`(
  select e.id, 'flagged_message' as kind,
    case e.rule when 'self_harm' then 3 else 2 end as severity,
    e.rule as category, e.user_id, u.pseudonym as user_pseudonym,
    null::uuid as reporter_id, null::text as reporter_pseudonym,
    e.conversation_id as session_id, e.message_id, e.content_snapshot as content,
    null::text as description, e.created_at, e.reviewed_at, e.resolution::text as resolution,
    e.reviewed_at is null as open
  from moderation_events e
  left join users u on u.id = e.user_id
  where e.status = 'flagged' and e.rule <> 'self_harm'
  union all
  select r.id, 'report' as kind,
    case r.reason when 'safety_concern' then 3 when 'harassment' then 2 else 1 end as severity,
    r.reason as category, r.reported_user_id as user_id, ru.pseudonym as user_pseudonym,
    r.reporter_id, rp.pseudonym as reporter_pseudonym,
    r.conversation_id as session_id, r.message_id, r.message_snapshot as content,
    r.description, r.created_at, r.reviewed_at, r.resolution,
    r.status in ('pending', 'under_review') as open
  from reports r
  left join users ru on ru.id = r.reported_user_id
  left join users rp on rp.id = r.reporter_id
) as queue`;

const date = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string);

function toQueueRow(r: Record<string, unknown>): QueueRow {
  return {
    id: r.id as string,
    kind: r.kind as QueueRow['kind'],
    severity: Number(r.severity),
    category: r.category as string,
    userId: (r.user_id as string | null) ?? null,
    userPseudonym: (r.user_pseudonym as string | null) ?? null,
    reporterId: (r.reporter_id as string | null) ?? null,
    reporterPseudonym: (r.reporter_pseudonym as string | null) ?? null,
    sessionId: (r.session_id as string | null) ?? null,
    messageId: (r.message_id as string | null) ?? null,
    content: (r.content as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    createdAt: date(r.created_at)!,
    reviewedAt: date(r.reviewed_at),
    resolution: (r.resolution as string | null) ?? null,
  };
}

async function rows(db: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

/**
 * A page of the queue. Open items: most severe first, then oldest first (the longest wait).
 * Reviewed items: most recently decided first.
 */
export async function listQueue(
  db: Executor,
  state: 'open' | 'reviewed',
  page: { limit: number; offset: number },
) {
  const open = state === 'open';
  const order = open
    ? sql`severity desc, created_at asc, id asc`
    : sql`reviewed_at desc nulls last, created_at desc, id asc`;
  const items = await rows(
    db,
    sql`select * from ${queue} where open = ${open} order by ${order}
      limit ${page.limit} offset ${page.offset}`,
  );
  const [total] = await rows(db, sql`select count(*) as n from ${queue} where open = ${open}`);
  return { items: items.map(toQueueRow), total: Number(total?.n ?? 0) };
}

export async function findQueueItem(
  db: Executor,
  kind: QueueRow['kind'],
  id: string,
): Promise<QueueRow | undefined> {
  const [row] = await rows(db, sql`select * from ${queue} where kind = ${kind} and id = ${id}`);
  return row ? toQueueRow(row) : undefined;
}

/** The conversation while it still exists (listening chats vanish after 24 hours). */
export async function findLiveConversation(db: Executor, id: string, now: Date) {
  const row = await findRow(db, conversations, eq(conversations.id, id));
  if (!row || (row.expiresAt && row.expiresAt <= now)) return undefined;
  return row;
}

const contextColumns = {
  id: messages.id,
  seq: messages.seq,
  senderId: messages.senderId,
  senderPseudonym: users.pseudonym,
  content: messages.content,
  sentAt: messages.sentAt,
  deletedAt: messages.deletedAt,
  moderationStatus: messages.moderationStatus,
};

/** Up to `n` of the conversation's messages that match `where`, in `order`, with their senders. */
function contextMessages(db: Executor, conversationId: string, where: SQL, order: SQL, n: number) {
  return db
    .select(contextColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.senderId))
    .where(and(eq(messages.conversationId, conversationId), where))
    .orderBy(order)
    .limit(n);
}

/** Up to `around` messages either side of one seq (inclusive), oldest first. */
export async function messagesAroundSeq(
  db: Executor,
  conversationId: string,
  seq: number,
  around: number,
) {
  const before = await contextMessages(
    db,
    conversationId,
    lt(messages.seq, seq),
    desc(messages.seq),
    around,
  );
  const after = await contextMessages(
    db,
    conversationId,
    gte(messages.seq, seq),
    asc(messages.seq),
    around + 1,
  );
  return [...before.reverse(), ...after];
}

/** The last `count` messages sent up to a moment (a report about a chat, not one message). */
export async function messagesUpTo(db: Executor, conversationId: string, at: Date, n: number) {
  const rows = await contextMessages(
    db,
    conversationId,
    lte(messages.sentAt, at),
    desc(messages.seq),
    n,
  );
  return rows.reverse();
}

export async function findMessageSeq(db: Executor, conversationId: string, messageId: string) {
  const [row] = await db
    .select({ seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
    .limit(1);
  return row?.seq;
}
