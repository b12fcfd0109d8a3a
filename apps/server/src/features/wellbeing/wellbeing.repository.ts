import { and, asc, desc, eq, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { users, wellbeingActions, wellbeingItems } from '../../db/schema';
import { findRow, insertRow, updateRow } from '../../lib/rows';

export type ItemRow = typeof wellbeingItems.$inferSelect;
export type ActionRow = typeof wellbeingActions.$inferSelect;
export type State = ItemRow['state'];

export const insertItem = (db: Executor, values: typeof wellbeingItems.$inferInsert) =>
  insertRow(db, wellbeingItems, values);

export const findItem = (db: Executor, id: string) =>
  findRow(db, wellbeingItems, eq(wellbeingItems.id, id));

export const findItemOfMessage = (db: Executor, messageId: string) =>
  findRow(db, wellbeingItems, eq(wellbeingItems.messageId, messageId));

/** An escalation this person raised on this chat that is still open (asking twice adds nothing). */
export const findOpenEscalation = (db: Executor, conversationId: string, raisedBy: string) =>
  findRow(
    db,
    wellbeingItems,
    and(
      eq(wellbeingItems.conversationId, conversationId),
      eq(wellbeingItems.raisedBy, raisedBy),
      eq(wellbeingItems.source, 'escalation'),
      inArray(wellbeingItems.state, ['open', 'acknowledged']),
    ),
  );

/** The newest item of a chat among those matching `where` (newest id first on a tie). */
async function newestItem(db: Executor, conversationId: string, where?: SQL) {
  const [row] = await db
    .select()
    .from(wellbeingItems)
    .where(and(eq(wellbeingItems.conversationId, conversationId), where))
    .orderBy(desc(wellbeingItems.createdAt), desc(wellbeingItems.id))
    .limit(1);
  return row;
}

/** The newest flagged text of a chat, shown with an escalation so staff see what worried them. */
export const latestFlaggedText = async (db: Executor, conversationId: string) =>
  (await newestItem(db, conversationId, eq(wellbeingItems.source, 'flag')))?.flaggedText ?? null;

/** The newest item of a chat (a listener's debrief is kept on it). */
export const latestItemOf = (db: Executor, conversationId: string) =>
  newestItem(db, conversationId);

/** A listener's debrief on an item (`admin_id` holds whoever wrote an action: here, them). */
export const findDebrief = (db: Executor, itemId: string, authorId: string) =>
  findRow(
    db,
    wellbeingActions,
    and(
      eq(wellbeingActions.itemId, itemId),
      eq(wellbeingActions.adminId, authorId),
      eq(wellbeingActions.kind, 'debrief'),
    ),
  );

export const updateAction = (db: Executor, id: string, values: Partial<ActionRow>) =>
  updateRow(db, wellbeingActions, values, eq(wellbeingActions.id, id));

export const updateItem = (db: Executor, id: string, values: Partial<ItemRow>) =>
  updateRow(db, wellbeingItems, values, eq(wellbeingItems.id, id));

export async function insertAction(db: Executor, values: typeof wellbeingActions.$inferInsert) {
  await db.insert(wellbeingActions).values(values);
}

/** Where a page starts: the last item of the previous page, in queue order. */
export interface Cursor {
  severity: number;
  createdAt: Date;
  id: string;
}

/** A page of the queue: most severe first, then oldest first (the longest wait), then id. */
export async function listItems(
  db: Executor,
  states: readonly State[],
  limit: number,
  after: Cursor | undefined,
) {
  const conditions: SQL[] = [inArray(wellbeingItems.state, [...states])];
  if (after) {
    conditions.push(
      or(
        sql`${wellbeingItems.severity} < ${after.severity}`,
        and(
          eq(wellbeingItems.severity, after.severity),
          or(
            sql`${wellbeingItems.createdAt} > ${after.createdAt.toISOString()}`,
            and(
              eq(wellbeingItems.createdAt, after.createdAt),
              sql`${wellbeingItems.id} > ${after.id}`,
            ),
          ),
        ),
      )!,
    );
  }
  return db
    .select({ item: wellbeingItems, pseudonym: users.pseudonym })
    .from(wellbeingItems)
    .leftJoin(users, eq(users.id, wellbeingItems.userId))
    .where(and(...conditions))
    .orderBy(desc(wellbeingItems.severity), asc(wellbeingItems.createdAt), asc(wellbeingItems.id))
    .limit(limit + 1);
}

export async function pseudonymOf(db: Executor, userId: string | null) {
  if (!userId) return null;
  const row = await findRow(db, users, eq(users.id, userId));
  return row?.pseudonym ?? null;
}

export async function actionsOf(db: Executor, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  return db
    .select()
    .from(wellbeingActions)
    .where(inArray(wellbeingActions.itemId, [...itemIds]))
    .orderBy(asc(wellbeingActions.createdAt));
}

export async function rolesOf(db: Executor, userId: string): Promise<readonly string[]> {
  const row = await findRow(db, users, eq(users.id, userId));
  return row?.roles ?? [];
}

/** Team members, who are told of new items live. */
export async function teamIds(db: Executor): Promise<string[]> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true));
  return rows.map((r) => r.id);
}

/** Pauses a listener: unavailable (unless in a chat) until `until`. */
export async function pauseListener(db: Executor, userId: string, until: Date) {
  return updateRow(
    db,
    users,
    {
      listenerPausedUntil: until,
      listenerAvailability: sql`case when ${users.listenerAvailability} = 'in_chat' then 'in_chat' else 'unavailable' end`,
    },
    eq(users.id, userId),
  );
}

/** Listeners whose pause is over become available again; returns their ids. */
export async function endPauses(db: Executor, now: Date): Promise<string[]> {
  const rows = await db
    .update(users)
    .set({
      listenerPausedUntil: null,
      listenerAvailability: sql`case when ${users.listenerAvailability} = 'unavailable' then 'available' else ${users.listenerAvailability} end`,
    })
    .where(lte(users.listenerPausedUntil, now))
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}
