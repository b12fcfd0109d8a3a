/**
 * A PostgreSQL server and a Redis server of one test's own, on free loopback ports, that the test
 * may stop and start again (fault tests). The shared test services are never touched. Every wait
 * is bounded; everything started here is stopped when the test process exits.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from './node-process';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries on this machine (Debian's layout, or on the PATH). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  return path.dirname(path.resolve('/usr/local/bin/pg_ctl'));
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgresArgs(command: string, args: string[]): [string, string[]] {
  const root = process.getuid?.() === 0;
  return root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function asPostgres(command: string, args: string[], options: { timeoutMs?: number } = {}) {
  const [file, argv] = asPostgresArgs(command, args);
  return run(file, argv, { timeout: options.timeoutMs ?? 60_000, cwd: '/' });
}

export interface OwnPostgres {
  /** An admin URL (database `postgres`), as TEST_DATABASE_URL would be. */
  url: string;
  port: number;
  /** Stops the server: `fast` closes every session cleanly, `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops everything and deletes the cluster's files. */
  close(): Promise<void>;
  /** At process exit: stops the server at once, synchronously. */
  killNow(): void;
}

/** A fresh PostgreSQL cluster (initdb) in a temporary folder, started on a free port. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = postgresBin();
  const dir = await mkdtemp(path.join(tmpdir(), 'kindred-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  await asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const pgCtl = path.join(bin, 'pg_ctl');
  const server: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await asPostgres(pgCtl, [
        '-D',
        data,
        '-o',
        options,
        '-l',
        path.join(dir, 'postgres.log'),
        '-w',
        '-t',
        '30',
        'start',
      ]);
    },
    async stop(mode = 'fast') {
      await asPostgres(pgCtl, ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']).catch(() => {});
    },
    async close() {
      running.delete(server);
      await server.stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
    killNow() {
      const [file, argv] = asPostgresArgs(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
      spawnSync(file, argv, { cwd: '/', timeout: 10_000 });
    },
  };
  await server.start();
  running.add(server);
  return server;
}

export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  killNow(): void;
}

/** A redis-server on a free port, without persistence: a restart loses everything, as after a crash. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const server: OwnRedis = {
    url,
    port,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {});
        const ok = await probe
          .connect()
          .then(() => probe.ping())
          .then(
            () => true,
            () => false,
          );
        probe.disconnect();
        if (ok) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`redis-server did not start on ${port}`);
    },
    async stop() {
      const current = child;
      child = undefined;
      if (!current || current.exitCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
    },
    async close() {
      running.delete(server);
      await server.stop();
    },
    killNow() {
      child?.kill('SIGKILL');
    },
  };
  await server.start();
  running.add(server);
  return server;
}

/** True once a plain query succeeds on `url` (bounded). */
export async function postgresAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const running = new Set<OwnPostgres | OwnRedis>();
// If the test process goes away without its afterAll, the servers must not outlive it.
process.once('exit', () => {
  for (const server of running) server.killNow();
});
