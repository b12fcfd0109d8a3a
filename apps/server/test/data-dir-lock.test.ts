/**
 * One process per embedded database: a second server (or `npm run seed`) on the same DATA_DIR is
 * refused with a message naming the one that runs, and a server killed with SIGKILL does not keep
 * the next one from starting.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './app';
import { newUserData } from './factories';
import { freePort, startNode, stopAllNodes, stopNode, waitUntilReady } from './node-process';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe.runIf(testDatabase === 'pglite')('the embedded database is one process’s alone', () => {
  let dataDir: string;
  const env = () => ({
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-lock-'));
  });
  afterAll(async () => {
    await stopAllNodes();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs `npm run seed`'s program on the data directory; resolves with its exit code and output. */
  function seed(): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/seed-cli.ts'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  async function register(url: string) {
    const data = newUserData();
    const response = await fetch(`${url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    expect(response.status).toBe(201);
    return { email: data.email, password: data.password };
  }

  it('refuses a second server and the seed while one runs; a killed server does not block the next', async () => {
    const firstPort = await freePort();
    const first = startNode({ name: 'first', port: firstPort, env: env() });
    // The first start of a data directory also creates the database (initdb, in a child process).
    await waitUntilReady(first, 60_000);
    const account = await register(first.url);

    const second = startNode({ name: 'second', port: await freePort(), env: env() });
    await Promise.race([
      second.exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error('still running')), 30_000)),
    ]);
    expect(second.child.exitCode).toBe(1);
    expect(second.output()).toContain(`pid ${first.child.pid}`);
    expect(second.output()).toContain(`server on 127.0.0.1:${firstPort}`);
    // The first server still answers and still has its data.
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);

    const seeded = await seed();
    expect(seeded.code).toBe(1);
    expect(seeded.output).toContain('Not seeded');
    expect(seeded.output).toContain(`pid ${first.child.pid}`);

    // SIGKILL leaves the lock file behind; the next start sees its holder is gone.
    await stopNode(first, 'SIGKILL');
    const lock = JSON.parse(await readFile(path.join(dataDir, 'kindred.lock'), 'utf8')) as {
      pid: number;
    };
    expect(lock.pid).toBe(first.child.pid);
    const third = startNode({ name: 'third', port: await freePort(), env: env() });
    await waitUntilReady(third);
    // What the first server acknowledged is there: the account signs in.
    const again = await fetch(`${third.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    expect(again.status).toBe(200);

    // A clean stop releases the lock at once, and the seed then runs.
    await stopNode(third, 'SIGTERM', 15_000);
    expect(existsSync(path.join(dataDir, 'kindred.lock'))).toBe(false);
    const after = await seed();
    expect(after.output).toMatch(/Demo users: \d+ created/);
    expect(after.code).toBe(0);
  }, 120_000);
});
