import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client';
import { lockKeyOf, withAdvisoryLock } from './advisory-lock';

export interface PeriodicJob {
  /** Names the job in logs and, hashed, its advisory lock. */
  name: string;
  /** 0 or less: the job is off. */
  everyMs: number;
  /**
   * `cluster`: one node at a time runs it (a PostgreSQL advisory lock; the embedded database has
   * one node). `every-node`: each node runs it, for work that is safe to race.
   */
  scope: 'cluster' | 'every-node';
  /** Also once when the app is ready, so a new deployment does not wait a whole interval. */
  runAtStart?: boolean;
  run(): Promise<unknown>;
}

export interface Jobs {
  every(job: PeriodicJob): void;
  /** Starts the timers (at `onReady`). */
  start(): Promise<void>;
  /** Stops the timers and waits for runs in flight (at `preClose`). */
  stop(): Promise<void>;
}

/** Periodic jobs: one helper for timers, locking across nodes, logging and shutdown. */
export function createJobs(options: { database: Database; log: FastifyBaseLogger }): Jobs {
  const { database, log } = options;
  const jobs: PeriodicJob[] = [];
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  async function once(job: PeriodicJob) {
    if (stopped) return;
    try {
      if (job.scope === 'cluster' && database.kind === 'postgres') {
        // Held by this transaction's connection while the job runs on others; released with it.
        await withAdvisoryLock(database.db, lockKeyOf(job.name), () => job.run());
      } else {
        await job.run();
      }
    } catch (error) {
      if (!stopped) log.warn({ err: error, job: job.name }, 'periodic job failed');
    }
  }

  function track(job: PeriodicJob) {
    const run = once(job);
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  return {
    every(job) {
      if (job.everyMs > 0) jobs.push(job);
    },
    async start() {
      for (const job of jobs) {
        const timer = setInterval(() => track(job), job.everyMs);
        timer.unref();
        timers.push(timer);
      }
      await Promise.all(jobs.filter((j) => j.runAtStart).map((j) => once(j)));
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
