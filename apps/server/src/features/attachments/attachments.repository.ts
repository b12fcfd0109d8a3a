import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { attachments } from '../../db/schema';
import { findRow, insertRow, valuesInUse } from '../../lib/rows';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = typeof attachments.$inferInsert;

export const insertAttachment = (db: Executor, values: NewAttachment): Promise<AttachmentRow> =>
  insertRow(db, attachments, values);

export function findAttachment(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  return findRow(db, attachments, eq(attachments.id, id));
}

/** Attachments by id, for presenting a page of messages in one query. */
export async function findAttachments(
  db: Executor,
  ids: string[],
): Promise<Map<string, AttachmentRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(attachments).where(inArray(attachments.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A message now carries the file: it is no longer an upload that was never sent. */
export async function markSent(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .update(attachments)
    .set({ sentAt: at })
    .where(and(eq(attachments.id, id), isNull(attachments.sentAt)));
}

/** The files' messages were deleted or removed: they may go. */
export async function markDiscarded(db: Executor, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(attachments)
    .set({ discardedAt: at })
    .where(and(inArray(attachments.id, ids), isNull(attachments.discardedAt)));
}

/** The bytes the user's files take up, sent or not (those on their way out are not counted). */
export async function bytesStoredBy(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string | null>`sum(${attachments.sizeBytes})` })
    .from(attachments)
    .where(and(eq(attachments.uploaderId, userId), isNull(attachments.discardedAt)));
  return Number(row?.total ?? 0);
}

/**
 * Deletes up to `limit` rows whose file may go (optionally only among `ids`) and returns their
 * file names: a deleted or removed message's file, one whose conversation or uploader is gone,
 * and an upload never sent since `unsentBefore`. The condition is checked again by the DELETE
 * itself, so a send that marks a file sent at the same moment keeps it.
 */
export async function deleteDisposable(
  db: Executor,
  options: { unsentBefore: Date; ids?: string[]; limit: number },
): Promise<string[]> {
  const disposable = or(
    sql`${attachments.discardedAt} is not null`,
    isNull(attachments.conversationId),
    isNull(attachments.uploaderId),
    and(isNull(attachments.sentAt), lt(attachments.createdAt, options.unsentBefore)),
  );
  const candidates = db
    .select({ id: attachments.id })
    .from(attachments)
    .where(options.ids ? and(inArray(attachments.id, options.ids), disposable) : disposable)
    .orderBy(attachments.createdAt)
    .limit(options.limit);
  const rows = await db
    .delete(attachments)
    .where(and(inArray(attachments.id, candidates), disposable))
    .returning({ storageName: attachments.storageName });
  return rows.map((r) => r.storageName);
}

/** Which of these file names still belong to a row. */
export const storedNames = (db: Executor, names: string[]) =>
  valuesInUse(db, attachments, attachments.storageName, names);
