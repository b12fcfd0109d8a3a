import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type NewUserRow, type UserRow, users } from '../../db/schema';
import { findRow, insertIfAbsent, insertRow, updateRow } from '../../lib/rows';

function prepareUserById(db: Executor) {
  return db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('user_by_id');
}
const userById = new WeakMap<Executor, ReturnType<typeof prepareUserById>>();

/**
 * The account by id: the query of every signed-in request that reads the user (GET /users/me),
 * so it is built once per executor and runs as a named prepared statement (PostgreSQL parses and
 * plans it once per connection).
 */
export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  let query = userById.get(db);
  if (!query) {
    query = prepareUserById(db);
    userById.set(db, query);
  }
  const [row] = await query.execute({ id });
  return row;
}

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return findRow(db, users, eq(users.email, email));
}

/** Whose avatar a stored picture is. */
export function findUserByAvatarFile(db: Executor, file: string): Promise<UserRow | undefined> {
  return findRow(db, users, eq(users.avatarFile, file));
}

export function findUserByOauth(
  db: Executor,
  provider: 'google',
  oauthId: string,
): Promise<UserRow | undefined> {
  return findRow(
    db,
    users,
    sql`${users.oauthProvider} = ${provider} and ${users.oauthId} = ${oauthId}`,
  );
}

export async function pseudonymExists(db: Executor, pseudonym: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.pseudonym}) = lower(${pseudonym})`)
    .limit(1);
  return rows.length > 0;
}

export const insertUser = (db: Executor, values: NewUserRow): Promise<UserRow> =>
  insertRow(db, users, values);

/** Inserts unless the email or pseudonym exists already; true when a row was added. */
export const insertUserIfAbsent = (db: Executor, values: NewUserRow): Promise<boolean> =>
  insertIfAbsent(db, users, values);

export function updateUser(
  db: Executor,
  id: string,
  values: Partial<NewUserRow>,
): Promise<UserRow | undefined> {
  return updateRow(db, users, { ...values, updatedAt: sql`now()` }, eq(users.id, id));
}

export async function deleteUser(db: Executor, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id));
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
