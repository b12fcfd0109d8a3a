import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import {
  type ConversationRow,
  contactRequests,
  conversationMembers,
  conversations,
  users,
} from '../../db/schema';
import { findRow } from '../../lib/rows';
import { membershipOf } from '../conversations';

export type SupportStatusValue = NonNullable<ConversationRow['supportStatus']>;

/** The role of the person who asked for help; the team's members have role `support`. */
export const TICKET_OWNER_ROLE = 'user';
export const SUPPORT_ROLE = 'support';

/** The support conversation with this id (a `where` condition). */
const ticketIs = (conversationId: string) =>
  and(eq(conversations.id, conversationId), eq(conversations.kind, 'support'));

/** Marks a new conversation as an open ticket (its members are inserted with it). */
export async function openTicket(tx: Executor, conversationId: string, at: Date) {
  await tx
    .update(conversations)
    .set({ supportStatus: 'open', lastMessageAt: at })
    .where(eq(conversations.id, conversationId));
}

/**
 * After a message is stored in a support conversation: it is the latest activity, and the user
 * answering a ticket that waited on them puts it back in the team's queue.
 */
export async function noteSupportMessage(
  db: Executor,
  conversationId: string,
  message: { fromUser: boolean; at: Date },
) {
  await db
    .update(conversations)
    .set({
      lastMessageAt: message.at,
      ...(message.fromUser
        ? {
            supportStatus: sql`case when ${conversations.supportStatus} = 'waiting_user' then 'open' else ${conversations.supportStatus} end`,
          }
        : {}),
    })
    .where(ticketIs(conversationId));
}

export async function deleteTicket(db: Executor, conversationId: string) {
  await db.delete(conversations).where(eq(conversations.id, conversationId));
}

export function findTicket(
  db: Executor,
  conversationId: string,
): Promise<ConversationRow | undefined> {
  return findRow(db, conversations, ticketIs(conversationId));
}

/** Messages after the member's read marker that someone else sent. */
const unreadFor = (memberUserId: typeof conversationMembers.userId) =>
  sql<number>`(select count(*)::int from messages m
    where m.conversation_id = ${conversations.id} and m.seq > ${conversationMembers.lastReadSeq}
      and m.sender_id is distinct from ${memberUserId} and m.deleted_at is null)`;

/** Tickets as their members see them: the conversation, and how much of it they have not read. */
const memberTickets = (db: Executor) =>
  db
    .select({ conversation: conversations, unread: unreadFor(conversationMembers.userId) })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId));

/** The user's own tickets, latest activity first. */
export async function listUserTickets(db: Executor, userId: string) {
  return memberTickets(db)
    .where(
      and(
        eq(conversationMembers.userId, userId),
        eq(conversationMembers.role, TICKET_OWNER_ROLE),
        eq(conversations.kind, 'support'),
      ),
    )
    .orderBy(
      sql`coalesce(${conversations.lastMessageAt}, ${conversations.startedAt}) desc`,
      conversations.id,
    );
}

export async function findUserTicket(db: Executor, conversationId: string, userId: string) {
  const [row] = await memberTickets(db).where(membershipOf(conversationId, userId)).limit(1);
  return row;
}

/**
 * The team's view of tickets: who asked, who owns it, the newest words. `status` lists a queue
 * (unassigned first, then the longest-waiting first); `id` fetches one ticket.
 */
export async function listQueue(
  db: Executor,
  filter: { adminId: string } & ({ status: SupportStatusValue } | { id: string }),
) {
  const owner = alias(conversationMembers, 'owner');
  const ownerUser = alias(users, 'owner_user');
  const assignee = alias(users, 'assignee');
  return db
    .select({
      conversation: conversations,
      ownerId: ownerUser.id,
      ownerPseudonym: ownerUser.pseudonym,
      ownerEmail: ownerUser.email,
      assigneePseudonym: assignee.pseudonym,
      isMember: sql<boolean>`exists (select 1 from conversation_members cm
        where cm.conversation_id = ${conversations.id} and cm.user_id = ${filter.adminId})`,
      preview: sql<string | null>`(select m.content from messages m
        where m.conversation_id = ${conversations.id} and m.deleted_at is null
          and m.moderation_status <> 'removed' and m.kind = 'text'
        order by m.seq desc limit 1)`,
      messageCount: sql<number>`(select count(*)::int from messages m
        where m.conversation_id = ${conversations.id} and m.deleted_at is null)`,
    })
    .from(conversations)
    .leftJoin(
      owner,
      and(eq(owner.conversationId, conversations.id), eq(owner.role, TICKET_OWNER_ROLE)),
    )
    .leftJoin(ownerUser, eq(ownerUser.id, owner.userId))
    .leftJoin(assignee, eq(assignee.id, conversations.assignedTo))
    .where(
      and(
        eq(conversations.kind, 'support'),
        'status' in filter
          ? eq(conversations.supportStatus, filter.status)
          : eq(conversations.id, filter.id),
      ),
    )
    .orderBy(
      sql`${conversations.assignedTo} is not null`,
      asc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.startedAt})`),
      conversations.id,
    )
    .limit(200);
}

/** The admin owns the ticket and joins it as a `support` member (so they can read and reply). */
export async function assignTicket(tx: Executor, conversationId: string, adminId: string) {
  await tx
    .update(conversations)
    .set({ assignedTo: adminId })
    .where(eq(conversations.id, conversationId));
  await tx
    .insert(conversationMembers)
    .values({ conversationId, userId: adminId, role: SUPPORT_ROLE })
    .onConflictDoNothing();
}

/** A resolved ticket is also an ended conversation, so the pipeline refuses new messages at once. */
export async function setTicketStatus(
  tx: Executor,
  conversationId: string,
  values: { status: SupportStatusValue; by: string; at: Date },
) {
  const resolved = values.status === 'resolved';
  await tx
    .update(conversations)
    .set({
      supportStatus: values.status,
      status: resolved ? 'ended' : 'active',
      endedAt: resolved ? values.at : null,
      endedBy: resolved ? values.by : null,
    })
    .where(eq(conversations.id, conversationId));
}

/** Stores a signed-out contact-form message as a ticket; returns its id. */
export async function insertContactRequest(
  db: Executor,
  values: typeof contactRequests.$inferInsert,
): Promise<string> {
  const [row] = await db
    .insert(contactRequests)
    .values(values)
    .returning({ id: contactRequests.id });
  return row!.id;
}

/** Signed-out contact-form messages with this status, oldest first (the longest waiting). */
export function listContactRequests(db: Executor, status: 'open' | 'resolved') {
  return db
    .select()
    .from(contactRequests)
    .where(eq(contactRequests.status, status))
    .orderBy(asc(contactRequests.createdAt))
    .limit(200);
}

export async function setContactRequestStatus(
  db: Executor,
  id: string,
  status: 'open' | 'resolved',
) {
  const [row] = await db
    .update(contactRequests)
    .set({ status })
    .where(eq(contactRequests.id, id))
    .returning();
  return row;
}
