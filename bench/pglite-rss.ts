/**
 * Idle memory of a node on the embedded database (PGlite): a fresh data directory, started as
 * `npm start` would (production, migrations, with or without the demo users), then left alone
 * for BENCH_PGLITE_IDLE_SECONDS; its RSS is read from /proc. See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKindred } from './lib/kindred';
import { log, processRssBytes, stopServer } from './lib/processes';
import { round } from './lib/stats';

export interface PgliteRss {
  idle_seconds: number;
  /** MiB; null where /proc cannot be read. */
  empty_mb: number | null;
  seeded_mb: number | null;
  target_mb: number;
  met: boolean | null;
}

const TARGET_MB = 400;

async function idleRss(repoRoot: string, seed: boolean, idleSeconds: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kindred-bench-rss-'));
  try {
    const node = await startKindred({
      name: seed ? 'pglite-seeded' : 'pglite-empty',
      dataDir,
      repoRoot,
      databaseUrl: undefined,
      env: { SEED_DEMO: String(seed) },
    });
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const bytes = processRssBytes(node.pid);
    await stopServer(node);
    return bytes === undefined ? null : round(bytes / (1024 * 1024), 1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measurePgliteRss(repoRoot: string, idleSeconds: number): Promise<PgliteRss> {
  log(`PGlite idle RSS: empty and seeded data directories, ${idleSeconds} s idle each`);
  const empty = await idleRss(repoRoot, false, idleSeconds);
  const seeded = await idleRss(repoRoot, true, idleSeconds);
  log(`PGlite idle RSS: empty ${empty ?? '?'} MiB, seeded ${seeded ?? '?'} MiB`);
  return {
    idle_seconds: idleSeconds,
    empty_mb: empty,
    seeded_mb: seeded,
    target_mb: TARGET_MB,
    met: empty === null || seeded === null ? null : Math.max(empty, seeded) < TARGET_MB,
  };
}

/** Budget of the section, for the run's watchdog: two starts (migrations, seeding) and the idle. */
export const pgliteRssBudgetSeconds = (idleSeconds: number) => 2 * (150 + idleSeconds);
