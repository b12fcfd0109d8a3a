import { count, desc, inArray, type SQL } from 'drizzle-orm';
import type {
  AnyPgColumn,
  PgInsertValue,
  PgSelect,
  PgTable,
  PgUpdateSetSource,
} from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';

/**
 * The first row of `table` that matches, or undefined; with `lock`, locked until the transaction
 * ends (`for update`).
 */
export async function findRow<T extends PgTable>(
  db: Executor,
  table: T,
  where: SQL | undefined,
  options: { lock?: boolean } = {},
): Promise<T['$inferSelect'] | undefined> {
  const query = db
    .select()
    .from(table as PgTable)
    .where(where)
    .limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  return row as T['$inferSelect'] | undefined;
}

/** Inserts one row into `table` and returns it as stored. */
export async function insertRow<T extends PgTable>(
  db: Executor,
  table: T,
  values: PgInsertValue<T>,
): Promise<T['$inferSelect']> {
  const [row] = await db
    .insert(table as PgTable)
    .values(values as PgInsertValue<PgTable>)
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row as T['$inferSelect'];
}

/** Inserts one row unless it conflicts with one already stored; true when it was added. */
export async function insertIfAbsent<T extends PgTable>(
  db: Executor,
  table: T,
  values: PgInsertValue<T>,
): Promise<boolean> {
  const rows = await db
    .insert(table as PgTable)
    .values(values as PgInsertValue<PgTable>)
    .onConflictDoNothing()
    .returning();
  return rows.length > 0;
}

/** Changes the rows of `table` that match; the first changed row, or undefined when none matched. */
export async function updateRow<T extends PgTable>(
  db: Executor,
  table: T,
  values: PgUpdateSetSource<T>,
  where: SQL | undefined,
): Promise<T['$inferSelect'] | undefined> {
  const [row] = await db
    .update(table as PgTable)
    .set(values as PgUpdateSetSource<PgTable>)
    .where(where)
    .returning();
  return row as T['$inferSelect'] | undefined;
}

/** How many rows of `table` match (all of them without `where`). */
export async function countRows(
  db: Executor,
  table: PgTable,
  where: SQL | undefined,
): Promise<number> {
  const [total] = await db.select({ n: count() }).from(table).where(where);
  return total!.n;
}

/** Which of `values` some row of `table` still holds in `column` (e.g. stored file names in use). */
export async function valuesInUse(
  db: Executor,
  table: PgTable,
  column: AnyPgColumn,
  values: string[],
): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const rows = await db.select({ value: column }).from(table).where(inArray(column, values));
  return new Set(rows.map((r) => r.value as string));
}

/** Which page of a listing: at most `limit` rows, after skipping `offset`. */
export interface Page {
  limit: number;
  offset: number;
}

/**
 * One page of the query's rows that match `where`, newest first (by `createdAt`, then `id`, of
 * the listed table), and how many rows of that table match in all.
 */
export async function newestFirstPage<Q extends PgSelect>(
  db: Executor,
  table: PgTable & { createdAt: AnyPgColumn; id: AnyPgColumn },
  query: Q,
  where: SQL | undefined,
  page: Page,
): Promise<{ rows: Awaited<Q>; total: number }> {
  const rows = await query
    .where(where)
    .orderBy(desc(table.createdAt), desc(table.id))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows as Awaited<Q>, total: await countRows(db, table, where) };
}
