import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { attachments } from '../../db/schema';
import { findRow } from '../../lib/rows';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = typeof attachments.$inferInsert;

export async function insertAttachment(
  db: Executor,
  values: NewAttachment,
): Promise<AttachmentRow> {
  const [row] = await db.insert(attachments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

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
