import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildApp, type KindredApp } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import type { Clock } from '../src/lib/clock';
import { type ApiCall, callApi, type SignedInUser } from './factories';
import {
  type ClientSocket,
  closeAllSockets,
  type ConnectOptions,
  connectAs,
  listen,
} from './sockets';

export interface TestApp {
  app: KindredApp;
  config: Config;
  close(): Promise<void>;
}

/** Which database the suite runs on: set per Vitest project (see vitest.config.ts). */
export const testDatabase = process.env.KINDRED_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A fresh, empty PostgreSQL database for one test file; dropped again by the returned function. */
export async function freshPostgresDatabase(
  adminUrl = process.env.TEST_DATABASE_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL must be set to run the suite on PostgreSQL');
  const name = `kindred_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * The real app on a database of its own (PGlite in memory, or a new PostgreSQL database in the
 * PostgreSQL run, with Redis when TEST_REDIS_URL is set). Limits are raised unless a test sets them.
 */
/**
 * Listener approval off and no stale-chat check: every listener may listen, and a chat stays
 * open until the test ends it (the test clock may move freely).
 */
export const approvalOffNoStaleCheck: Record<string, string> = {
  LISTENER_APPROVAL: 'off',
  STALE_CHECK_INTERVAL_SECONDS: '0',
};

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
  random?: () => number;
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-test-'));
  const pgDb = testDatabase === 'postgres' ? await freshPostgresDatabase() : undefined;
  const redisUrl = testDatabase === 'postgres' ? process.env.TEST_REDIS_URL : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: pgDb?.url ?? 'memory://',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `kindred-test:${randomBytes(6).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'false',
    RATE_LIMIT_AUTH_PER_MIN: '10000',
    RATE_LIMIT_API_PER_MIN: '10000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  config.webDist = options.env?.WEB_DIST;
  const app = await buildApp(config, { clock: options.clock, random: options.random });
  await app.ready();
  return {
    app,
    config,
    async close() {
      await app.close();
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The app of one test file, as `useTestApp` gives it: usable inside tests and hooks. */
export interface TestAppHandle {
  readonly app: KindredApp;
  readonly config: Config;
  /** The app's base URL on loopback, for sockets. */
  readonly url: string;
  /** Calls the API (below /api/v1) as this user. */
  api(...call: ApiCall): ReturnType<typeof callApi>;
  /** A socket connected as this user; closed after the test that opened it. */
  connect(user: SignedInUser, options?: ConnectOptions): Promise<ClientSocket>;
}

/**
 * One app for the whole test file: built (and listening on loopback) before the first test,
 * closed after the last, with every socket its tests opened closed after each test. Call it at
 * the top of the file (or of a describe block); for several apps at once use `buildTestApp`.
 * Options that only an earlier hook knows may be given as a function, called when the app is built.
 */
export function useTestApp(options: TestAppOptions | (() => TestAppOptions) = {}): TestAppHandle {
  let built: { test: TestApp; url: string } | undefined;
  const current = () => {
    if (!built) throw new Error('useTestApp: the app exists only inside tests and hooks');
    return built;
  };
  beforeAll(async () => {
    const test = await buildTestApp(typeof options === 'function' ? options() : options);
    built = { test, url: await listen(test.app) };
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await built?.test.close();
    built = undefined;
  });
  return {
    get app() {
      return current().test.app;
    },
    get config() {
      return current().test.config;
    },
    get url() {
      return current().url;
    },
    api: (...call) => callApi(current().test.app, ...call),
    connect: (user, connectOptions) => connectAs(current().url, user, connectOptions),
  };
}
