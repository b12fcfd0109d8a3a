import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockKeys } from '../lib/advisory-lock';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What a repository runs on: the database, or a transaction the service opened. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The driver underneath, for libraries that bring their own SQL (the job queue). */
  driver: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * PostgreSQL settings of the embedded database, on top of PGlite's own. Its shared buffers
 * (PostgreSQL's default, 128 MB) live in the WebAssembly heap and are resident once touched:
 * SHARED_BUFFERS_MB instead, enough for the demo's and a small community's working set (the
 * operating system's page cache holds the rest of the data directory).
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=32MB'];

/**
 * Creates a new embedded database (initdb) in a short-lived child process. Done in the server's
 * own process, initdb's second WebAssembly instance, its unpacked file bundle and a peak of
 * ~900 MB stay in the process's memory for good (about 200 MB more at idle); the child takes
 * them with it when it exits. Only on the first start of a data directory; should the child
 * fail, the server's own PGlite creates the database as before.
 */
async function createPgliteDatabase(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const module = JSON.stringify(import.meta.resolve('@electric-sql/pglite'));
  const script =
    `const { PGlite } = await import(${module});` +
    `const db = new PGlite({ dataDir: ${JSON.stringify(dir)} });` +
    'await db.waitReady; await db.close();';
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]).catch(
    () => {},
  );
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Open the database named by the config (PGlite when no URL) and bring its schema up to date. */
export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Who opens it ("server on host:port", "seed"): named to a second process that tries. */
  purpose?: string;
}): Promise<Database> {
  const { databaseUrl, dataDir } = options;
  if (databaseUrl && databaseUrl !== 'memory://') return openPostgres(databaseUrl);

  let dir: string | undefined;
  let unlock = () => {};
  if (!databaseUrl) {
    dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    // One process per embedded database, or each sees only its own writes and loses them.
    unlock = lockDataDir(dataDir, options.purpose ?? `process ${process.argv.slice(1).join(' ')}`);
  }
  try {
    if (dir) await createPgliteDatabase(dir);
    // pg_trgm: the resource search's typo-tolerant fallback (PostgreSQL ships it in contrib).
    // btree_gist: the appointments' exclusion constraints (no double booking).
    const client = new PGlite({
      dataDir: dir,
      extensions: { pg_trgm, btree_gist },
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
    });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      driver: { kind: 'pglite', client },
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        try {
          await client.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openPostgres(url: string): Promise<Database> {
  // A database that does not answer a new connection within 5 s fails the request (503) rather
  // than holding it: during a restart or failover, clients retry instead of hanging.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection must not crash the process; the next query retries.
  pool.on('error', () => {});
  // Nor may one that is checked out (inside a transaction, or held for an advisory lock) when
  // the server goes away between two of its queries: the pool takes the error listener off a
  // checked-out client, and an 'error' event with no listener ends the process. Its next query
  // fails instead ("not queryable"), the request answers 503, and the pool discards the client.
  pool.on('connect', (client) => client.on('error', () => {}));
  const lockClient = await pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [lockKeys.migration]);
    await migratePg(drizzlePg(lockClient), { migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [lockKeys.migration]).catch(() => {});
    lockClient.release();
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    driver: { kind: 'postgres', pool },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** For scripts outside the server package (benchmarks) that need raw SQL against the schema. */
export { sql } from 'drizzle-orm';
