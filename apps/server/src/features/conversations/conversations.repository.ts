import { SUPPORT_DISPLAY_NAME, SUPPORT_TEAM_ID } from '@kindred/protocol';
import { and, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import {
  type ConversationRow,
  conversationMembers,
  conversations,
  type MemberRow,
  users,
} from '../../db/schema';
import { findRow } from '../../lib/rows';

export interface NewConversation {
  kind: ConversationRow['kind'];
  topic?: string | null;
  language?: string | null;
  createdBy?: string | null;
  startedAt?: Date;
  expiresAt?: Date | null;
  members: { userId: string; role: string }[];
}

/** Creates a conversation and its members together. */
export async function insertConversation(
  db: Executor,
  values: NewConversation,
): Promise<ConversationRow> {
  const [row] = await db
    .insert(conversations)
    .values({
      kind: values.kind,
      topic: values.topic ?? null,
      language: values.language ?? null,
      createdBy: values.createdBy ?? null,
      startedAt: values.startedAt,
      expiresAt: values.expiresAt ?? null,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await db
    .insert(conversationMembers)
    .values(
      values.members.map((m) => ({ conversationId: row.id, userId: m.userId, role: m.role })),
    );
  return row;
}

/** The one `conversation_members` row of this user in this conversation (a `where` condition). */
export const membershipOf = (conversationId: string, userId: string) =>
  and(
    eq(conversationMembers.conversationId, conversationId),
    eq(conversationMembers.userId, userId),
  );

export function findConversation(db: Executor, id: string): Promise<ConversationRow | undefined> {
  return findRow(db, conversations, eq(conversations.id, id));
}

export interface MemberWithPseudonym extends MemberRow {
  pseudonym: string;
}

/** The name a member goes by in the chat: the team answers support chats as one voice. */
function shownName(role: string, pseudonym: string | null): string {
  if (role === 'support') return SUPPORT_DISPLAY_NAME;
  return pseudonym ?? 'Former member';
}

/**
 * The id a member goes by for everyone else in the chat: staff answering a ticket are the one
 * team identity, never their own account.
 */
export function shownId(role: string | undefined, userId: string): string {
  return role === 'support' ? SUPPORT_TEAM_ID : userId;
}

export async function listMembers(
  db: Executor,
  conversationId: string,
): Promise<MemberWithPseudonym[]> {
  const rows = await db
    .select({
      conversationId: conversationMembers.conversationId,
      userId: conversationMembers.userId,
      role: conversationMembers.role,
      joinedAt: conversationMembers.joinedAt,
      lastReadSeq: conversationMembers.lastReadSeq,
      mutedUntil: conversationMembers.mutedUntil,
      clearedBeforeSeq: conversationMembers.clearedBeforeSeq,
      archivedAt: conversationMembers.archivedAt,
      firstJoinedAt: conversationMembers.firstJoinedAt,
      pseudonym: users.pseudonym,
    })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(eq(conversationMembers.conversationId, conversationId));
  return rows.map((r) => ({ ...r, pseudonym: shownName(r.role, r.pseudonym) }));
}

/** The conversation and the caller's membership in one round trip, for every authorisation. */
export async function findMembership(
  db: Executor,
  conversationId: string,
  userId: string,
): Promise<{ conversation: ConversationRow; member: MemberRow | null } | undefined> {
  const [row] = await db
    .select({ conversation: conversations, member: conversationMembers })
    .from(conversations)
    .leftJoin(
      conversationMembers,
      and(
        eq(conversationMembers.conversationId, conversations.id),
        eq(conversationMembers.userId, userId),
      ),
    )
    .where(eq(conversations.id, conversationId))
    .limit(1);
  return row;
}

/** Moves the read marker forward only; returns the marker as it now stands. */
export async function advanceLastRead(
  db: Executor,
  conversationId: string,
  userId: string,
  seq: number,
): Promise<number> {
  const [row] = await db
    .update(conversationMembers)
    .set({
      lastReadSeq: sql`greatest(${conversationMembers.lastReadSeq}, least(${seq}, (select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${conversationId})))`,
    })
    .where(membershipOf(conversationId, userId))
    .returning({ lastReadSeq: conversationMembers.lastReadSeq });
  return row?.lastReadSeq ?? 0;
}

/** Everyone who shares an active conversation with the user, with that conversation's kind. */
export async function listPartners(
  db: Executor,
  userId: string,
): Promise<{ userId: string; kind: ConversationRow['kind'] }[]> {
  const me = alias(conversationMembers, 'me');
  return db
    .selectDistinct({ userId: conversationMembers.userId, kind: conversations.kind })
    .from(me)
    .innerJoin(
      conversations,
      and(eq(conversations.id, me.conversationId), eq(conversations.status, 'active')),
    )
    .innerJoin(conversationMembers, eq(conversationMembers.conversationId, me.conversationId))
    .where(and(eq(me.userId, userId), ne(conversationMembers.userId, userId)));
}

export interface LoadedConversation {
  conversation: ConversationRow;
  members: MemberWithPseudonym[];
}

/** A conversation with all its members, in one query: what every chat operation authorises on. */
export async function loadConversation(
  db: Executor,
  id: string,
): Promise<LoadedConversation | undefined> {
  const rows = await db
    .select({
      conversation: conversations,
      member: conversationMembers,
      pseudonym: users.pseudonym,
    })
    .from(conversations)
    .leftJoin(conversationMembers, eq(conversationMembers.conversationId, conversations.id))
    .leftJoin(users, eq(users.id, conversationMembers.userId))
    .where(eq(conversations.id, id));
  const first = rows[0];
  if (!first) return undefined;
  const members = rows.flatMap((r) =>
    r.member ? [{ ...r.member, pseudonym: shownName(r.member.role, r.pseudonym) }] : [],
  );
  return { conversation: first.conversation, members };
}
