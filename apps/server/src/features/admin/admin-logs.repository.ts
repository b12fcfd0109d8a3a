import type { Executor } from '../../db/client';
import { adminLogs, type AdminLogRow } from '../../db/schema';
import { insertRow } from '../../lib/rows';

export type AdminAction = Omit<typeof adminLogs.$inferInsert, 'id' | 'createdAt'>;

/**
 * Writes one `admin_logs` entry (the listening contract); pass the transaction that made the
 * change.
 */
export const recordAdminAction = (db: Executor, action: AdminAction): Promise<AdminLogRow> =>
  insertRow(db, adminLogs, action);
