import type { PGlite } from '@electric-sql/pglite';
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { lockKeys } from '../../lib/advisory-lock';

/**
 * The durable job queue behind e-mail and Web Push (DESIGN §10): pg-boss on the app's own
 * database, so a job is stored where the notification is, runs once across nodes (SKIP LOCKED),
 * is retried with backoff, and is taken over by another node when the node running it dies (its
 * job expires and the maintenance that every node supervises hands it out again).
 */

/** What the queue needs from the database: one SQL text with positional values at a time. */
export interface SqlRunner {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The schema pg-boss keeps its tables in (`<schema>.job`), for queries that look at jobs. */
export const QUEUE_SCHEMA = 'pgboss';

export interface QueueSendOptions {
  /** With the queue's `short` policy: a second job with this key is not added while one waits. */
  singletonKey: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) for each further one. */
  retryDelay: number;
  retryBackoff: boolean;
  /** A job running longer than this is failed and retried (on any node): a crashed node's job. */
  expireInSeconds: number;
}

/** One job as a handler sees it. */
export interface QueueJob<T> {
  id: string;
  data: T;
  /** 0 on the first run. */
  retryCount: number;
  retryLimit: number;
}

export interface JobQueue {
  /** Installs or upgrades pg-boss's tables when needed and starts supervising (at `onReady`). */
  start(): Promise<void>;
  /**
   * Stops fetching, waits for handlers in flight (bounded), hands back what is left. Call before
   * the database closes (at `preClose`).
   */
  stop(): Promise<void>;
  /** Adds a job; null when one with the same key is already waiting. */
  send<T extends object>(name: string, data: T, options: QueueSendOptions): Promise<string | null>;
  /**
   * Runs `handler` for each job of the queue, `concurrency` at a time on this node. A handler
   * that throws has its job retried (until its retry limit); one that returns completes it.
   */
  work<T>(
    name: string,
    handler: (job: QueueJob<T>) => Promise<void>,
    options?: { concurrency?: number },
  ): Promise<void>;
}

export interface QueueOptions {
  database: Database;
  log: FastifyBaseLogger;
  config: Pick<Config, 'notificationJobs'>;
  /**
   * How often expired jobs are handed out again (and old ones archived). Default: a quarter of
   * the job expiry, 1 to 10 s, so a crashed node's job is taken over soon after it expires.
   */
  maintenanceIntervalSeconds?: number;
  /** How often job counts per state are logged (at debug). Default 60 s. */
  monitorStateIntervalSeconds?: number;
  /** How often an idle worker looks for jobs; a job sent on this node wakes it at once. */
  pollingIntervalSeconds?: number;
}

/** pg-boss's connection over the app's: the pg pool, or the embedded database one call at a time. */
export function sqlRunnerFor(database: Database): SqlRunner {
  const { driver } = database;
  if (driver.kind === 'postgres') {
    return { query: (text, values) => driver.pool.query(text, values as unknown[] | undefined) };
  }
  return pgliteRunner(driver.client);
}

/**
 * PGlite runs one statement list at a time anyway; the chain keeps pg-boss's calls in the order
 * they were made. Text without values may hold several statements (pg-boss's installation and its
 * locked maintenance commands): `exec` runs them all and the last result is the answer.
 */
function pgliteRunner(client: PGlite): SqlRunner {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    query(text, values) {
      const run = async (): Promise<{ rows: unknown[] }> => {
        if (values && values.length > 0) return client.query(text, values);
        const results = await client.exec(text);
        return results[results.length - 1] ?? { rows: [] };
      };
      const result = chain.then(run, run);
      chain = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * Runs `work` (pg-boss installing or upgrading its tables) on one node at a time. pg-boss takes
 * a lock of its own, but inside the transaction that creates the schema: a node that waited for
 * it still decides from what it saw before waiting, and fails on the schema the other created.
 * Waiting here, in a session of its own, means its transaction starts after the other's commit.
 */
async function oneNodeAtATime<T>(database: Database, work: () => Promise<T>): Promise<T> {
  const { driver } = database;
  if (driver.kind === 'pglite') return work();
  const client = await driver.pool.connect();
  let broken = false;
  try {
    await client.query('select pg_advisory_lock($1)', [lockKeys.jobQueueInstall]);
    return await work();
  } finally {
    await client
      .query('select pg_advisory_unlock($1)', [lockKeys.jobQueueInstall])
      .catch(() => (broken = true));
    client.release(broken);
  }
}

/** The job queue over the app's database connection. */
export function createQueue(options: QueueOptions): JobQueue {
  const { log } = options;
  const runner = sqlRunnerFor(options.database);
  const expire = options.config.notificationJobs.expireSeconds;
  const maintenance =
    options.maintenanceIntervalSeconds ?? Math.min(10, Math.max(1, Math.ceil(expire / 4)));
  const polling = options.pollingIntervalSeconds ?? Math.min(2, maintenance);
  // pg-boss completes or fails a job without waiting for it (after its handler returns): its
  // last statements are tracked, so that stopping waits for them before the database closes.
  const statements = new Set<Promise<unknown>>();
  const executeSql = (text: string, values?: unknown[]) => {
    const result = runner.query(text, values) as Promise<{ rows: never[] }>;
    statements.add(result);
    void result.then(
      () => statements.delete(result),
      () => statements.delete(result),
    );
    return result;
  };
  const boss = new PgBoss({
    db: { executeSql },
    schema: QUEUE_SCHEMA,
    supervise: true,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: maintenance,
    monitorStateIntervalSeconds: options.monitorStateIntervalSeconds ?? 60,
  });

  let phase: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  let started: Promise<void> | undefined;
  const created = new Map<string, Promise<void>>();
  const workers = new Map<string, string[]>();
  const inFlight = new Set<Promise<unknown>>();

  boss.on('error', (error) => {
    // After stop, a fetch that was under way may still fail on the closing connection.
    if (phase === 'stopping' || phase === 'stopped') log.debug({ err: error }, 'job queue error');
    else log.warn({ err: error }, 'job queue error');
  });
  boss.on('monitor-states', (states) => log.debug({ queues: states.queues }, 'job queue states'));

  /**
   * Queues exist before jobs go in; `short`: at most one waiting job per singleton key. Creating
   * one is DDL too: two nodes starting together deadlocked on it, so it takes the install lock.
   */
  function ensureQueue(name: string): Promise<void> {
    let done = created.get(name);
    if (!done) {
      done = oneNodeAtATime(options.database, () =>
        boss.createQueue(name, { name, policy: 'short' }),
      );
      created.set(name, done);
      done.catch(() => created.delete(name));
    }
    return done;
  }

  async function running(): Promise<void> {
    if (phase === 'stopping' || phase === 'stopped') throw new Error('the job queue is stopped');
    if (!started) throw new Error('the job queue has not been started');
    await started;
  }

  return {
    async start() {
      if (!started) {
        phase = 'starting';
        started = oneNodeAtATime(options.database, () => boss.start()).then(() => {
          phase = 'running';
        });
      }
      await started;
    },

    async stop() {
      if (phase === 'new' || phase === 'stopped') {
        phase = 'stopped';
        return;
      }
      await started?.catch(() => undefined);
      phase = 'stopping';
      // Waits (bounded) for the jobs this node is running, then fails any still running so
      // they are retried, by another node or after the restart.
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
      await Promise.allSettled([...inFlight]);
      // A handler that just returned has its job completed (or failed) on the next turn.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled([...statements]);
      phase = 'stopped';
    },

    async send(name, data, sendOptions) {
      await running();
      await ensureQueue(name);
      const id = await boss.send(name, data, sendOptions);
      // A worker of this node that is waiting for its next poll takes the job at once.
      for (const worker of workers.get(name) ?? []) boss.notifyWorker(worker);
      return id;
    },

    async work<T>(
      name: string,
      handler: (job: QueueJob<T>) => Promise<void>,
      workOptions: { concurrency?: number } = {},
    ) {
      await running();
      await ensureQueue(name);
      const run = async (jobs: PgBoss.JobWithMetadata<T>[]) => {
        for (const job of jobs) {
          if (phase !== 'running') throw new Error('the job queue is stopping');
          const task = handler({
            id: job.id,
            data: job.data,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
          });
          inFlight.add(task);
          try {
            await task;
          } finally {
            inFlight.delete(task);
          }
        }
      };
      const ids: string[] = [];
      for (let i = 0; i < Math.max(1, workOptions.concurrency ?? 1); i++) {
        ids.push(
          await boss.work<T>(
            name,
            { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: polling },
            run,
          ),
        );
      }
      workers.set(name, [...(workers.get(name) ?? []), ...ids]);
    },
  };
}
