import type { Executor } from '../../db/client';
import { adminLogs, type AdminLogRow } from '../../db/schema';

export type AdminAction = Omit<typeof adminLogs.$inferInsert, 'id' | 'createdAt'>;

/**
 * Writes one `admin_logs` entry (the listening contract); pass the transaction that made the
 * change.
 */
export async function recordAdminAction(db: Executor, action: AdminAction): Promise<AdminLogRow> {
  const [row] = await db.insert(adminLogs).values(action).returning();
  return row!;
}
