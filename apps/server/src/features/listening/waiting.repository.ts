import { and, asc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { waitingList } from '../../db/schema';
import { findRow, updateRow } from '../../lib/rows';

export function findEntry(db: Executor, sharerId: string) {
  return findRow(db, waitingList, eq(waitingList.sharerId, sharerId));
}

export function findEntryAsking(db: Executor, sessionId: string) {
  return findRow(db, waitingList, eq(waitingList.sessionId, sessionId));
}

/** Joins the list; the existing entry when the sharer already waits. */
export async function joinList(
  db: Executor,
  values: { sharerId: string; topic: string | null; joinedAt: Date },
) {
  await db.insert(waitingList).values(values).onConflictDoNothing();
  return (await findEntry(db, values.sharerId))!;
}

export async function leaveList(db: Executor, sharerId: string) {
  const [row] = await db.delete(waitingList).where(eq(waitingList.sharerId, sharerId)).returning();
  return row;
}

/** The sharer's entry now asks this chat's listener, unless it already asks someone. */
export function markAsking(
  db: Executor,
  sharerId: string,
  values: { sessionId: string; askedUntil: Date },
) {
  return updateRow(
    db,
    waitingList,
    values,
    and(eq(waitingList.sharerId, sharerId), isNull(waitingList.sessionId)),
  );
}

/** The asked listener said Not now or let it run out: back in line, never asked again this wait. */
export function backInLine(db: Executor, sessionId: string, listenerId: string) {
  return updateRow(
    db,
    waitingList,
    {
      sessionId: null,
      askedUntil: null,
      passedOver: sql`array_append(${waitingList.passedOver}, ${listenerId}::uuid)`,
    },
    eq(waitingList.sessionId, sessionId),
  );
}

/** The asked listener accepted: the wait is over. */
export async function removeAsking(db: Executor, sessionId: string) {
  const [row] = await db
    .delete(waitingList)
    .where(eq(waitingList.sessionId, sessionId))
    .returning();
  return row;
}

/** Everyone in line (nobody being asked for them), first come first. */
export function line(db: Executor) {
  return db
    .select()
    .from(waitingList)
    .where(isNull(waitingList.sessionId))
    .orderBy(asc(waitingList.place))
    .limit(500);
}

export async function setAway(db: Executor, sharerId: string, at: Date | null) {
  await db
    .update(waitingList)
    .set(at ? { awaySince: at } : { awaySince: null, notifiedAt: null })
    .where(eq(waitingList.sharerId, sharerId));
}

export function markNotified(db: Executor, sharerId: string, at: Date) {
  return updateRow(
    db,
    waitingList,
    { notifiedAt: at },
    and(eq(waitingList.sharerId, sharerId), isNull(waitingList.notifiedAt)),
  );
}

/** Sharers gone from the page since before the cut-off leave the list. */
export function removeAway(db: Executor, awayBefore: Date) {
  return db
    .delete(waitingList)
    .where(
      and(
        isNull(waitingList.sessionId),
        isNotNull(waitingList.awaySince),
        lte(waitingList.awaySince, awayBefore),
      ),
    )
    .returning({ sharerId: waitingList.sharerId });
}
