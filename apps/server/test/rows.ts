/**
 * Changes a test makes straight in the database, through the schema, where the API has no way to
 * set the scene (a listener's profile, a ban set by hand, a conversation no feature opened yet).
 * Each takes anything with the app's database: the test app, or a cluster's own connection.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import {
  conversationMembers,
  conversations,
  type NewUserRow,
  userBlocks,
  type UserRow,
  users,
} from '../src/db/schema';

/** The test app, or anything else that holds the app's database. */
export interface WithDatabase {
  database: { db: Db };
}

/** The columns of a user row a test may set. */
export type UserFields = Partial<Omit<NewUserRow, 'id'>>;

/** Sets columns of a user's row, as an admin tool or a migration would. */
export async function setUser(
  app: WithDatabase,
  id: string,
  fields: UserFields,
): Promise<UserRow | undefined> {
  const [row] = await app.database.db
    .update(users)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** The user's row as stored now. */
export async function findUser(app: WithDatabase, id: string): Promise<UserRow | undefined> {
  const [row] = await app.database.db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** `blocker` has blocked `blocked`, stored without going through the API (nobody is told). */
export async function storeBlock(app: WithDatabase, blockerId: string, blockedId: string) {
  await app.database.db
    .insert(userBlocks)
    .values({ blockerId, blockedId, reason: null })
    .onConflictDoNothing();
}

/** A conversation and its members, stored as the feature that opens one would store them. */
export async function storeConversation(
  app: WithDatabase,
  values: {
    kind: 'listening' | 'direct' | 'appointment' | 'support';
    members: { userId: string; role: string }[];
    /** `direct` only: the two member ids, sorted and joined by ':'. */
    directKey?: string;
    topic?: string | null;
    startedAt?: Date;
    expiresAt?: Date | null;
  },
): Promise<{ id: string }> {
  const { members, ...conversation } = values;
  const db = app.database.db;
  const [row] = await db
    .insert(conversations)
    .values(conversation)
    .returning({ id: conversations.id });
  if (!row) throw new Error('insert returned no row');
  await db
    .insert(conversationMembers)
    .values(members.map((m) => ({ ...m, conversationId: row.id })));
  return row;
}

/** A 24-hour listening chat between a sharer and a listener, started now. */
export function storeListeningChat(
  app: WithDatabase,
  sharerId: string,
  listenerId: string,
): Promise<{ id: string }> {
  const startedAt = new Date();
  return storeConversation(app, {
    kind: 'listening',
    startedAt,
    expiresAt: new Date(startedAt.getTime() + 24 * 3600 * 1000),
    members: [
      { userId: sharerId, role: 'sharer' },
      { userId: listenerId, role: 'listener' },
    ],
  });
}
