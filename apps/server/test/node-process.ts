/**
 * Real Kindred nodes as child processes (`node --import tsx apps/server/src/main.ts`), for tests
 * that need more than one node or need to kill one. Only loopback; every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoginResponse, RegisterBody } from '@kindred/protocol';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../src/db/client';
import { newUserData } from './factories';
import { freshPostgresDatabase } from './app';
import { freePort } from './free-port';
import { closeAllSockets } from './sockets';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const guard = pathToFileURL(path.join(here, 'exit-with-parent.ts')).href;

export { freePort, freshPostgresDatabase };

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  url: string;
  /** Resolves once the process has exited, however it ended. */
  exited: Promise<void>;
  /** The last lines the node printed (stdout and stderr), for failure messages. */
  output(): string;
}

const running = new Set<NodeProcess>();
const OUTPUT_LINES = 200;

/**
 * Starts one node on 127.0.0.1:`port`. Only the variables given (plus PATH and HOME) reach it, so
 * neither the test runner's environment nor a developer's .env changes what runs.
 */
export function startNode(options: {
  name: string;
  port: number;
  env: Record<string, string>;
}): NodeProcess {
  const args = ['--import', 'tsx', '--import', guard, 'apps/server/src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOTENV: 'false',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ...options.env,
    },
    // stdin stays open for exit-with-parent.ts: it ends when this process does.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(`[${options.name}] ${line}`);
      if (lines.length > OUTPUT_LINES) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const node: NodeProcess = {
    name: options.name,
    child,
    url: `http://127.0.0.1:${options.port}`,
    exited: new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    }),
    output: () => lines.join('\n'),
  };
  child.once('error', (error) => lines.push(`[${options.name}] spawn error: ${error.message}`));
  running.add(node);
  void node.exited.then(() => running.delete(node));
  return node;
}

const hasExited = (node: NodeProcess) =>
  node.child.exitCode !== null || node.child.signalCode !== null;

/** Polls /readyz until it answers 200; fails at once if the node exits, and after `timeoutMs`. */
export async function waitUntilReady(node: NodeProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(node)) {
      const how = node.child.exitCode ?? node.child.signalCode;
      throw new Error(`${node.name} exited (${how}) before it was ready:\n${node.output()}`);
    }
    try {
      const response = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${node.name} was not ready within ${timeoutMs / 1000} s:\n${node.output()}`);
}

/** Sends `signal` and waits (bounded) until the process is gone; SIGKILL if it lingers. */
export async function stopNode(
  node: NodeProcess,
  signal: NodeJS.Signals = 'SIGKILL',
  graceMs = 5_000,
): Promise<void> {
  if (hasExited(node)) return;
  node.child.kill(signal);
  const timer = setTimeout(() => node.child.kill('SIGKILL'), graceMs);
  await node.exited;
  clearTimeout(timer);
}

/** Kills every node this process started that still runs, and waits for them to go. */
export async function stopAllNodes(): Promise<void> {
  await Promise.all([...running].map((node) => stopNode(node)));
}

// If the test process goes away without its afterAll, the nodes must not outlive it.
process.once('exit', () => {
  for (const node of running) node.child.kill('SIGKILL');
});

/** What a cluster is made of: how many nodes, and what they get besides the defaults. */
export interface ClusterOptions {
  name: string;
  nodes: number;
  env?: Record<string, string>;
  /** What one node gets besides (a fault to inject, say), by its index. */
  nodeEnv?: Record<string, string>[];
  /** A PostgreSQL server of the test's own (default TEST_DATABASE_URL's). */
  databaseAdminUrl?: string;
  /** A Redis of the test's own (default TEST_REDIS_URL). */
  redisUrl?: string;
}

/**
 * Several nodes on one fresh PostgreSQL database and the test Redis (DESIGN §9), plus the test's
 * own connection to that database. `env` adds to (or overrides) what every node gets.
 */
export async function startCluster(options: ClusterOptions) {
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error('TEST_REDIS_URL must be set for multi-node tests');
  const fresh = await freshPostgresDatabase(options.databaseAdminUrl);
  const sharedEnv: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: fresh.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `kindred-${options.name}:${randomBytes(6).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_AUTH_PER_MIN: '10000',
    RATE_LIMIT_API_PER_MIN: '10000',
    ...options.env,
  };
  const dataDirs: string[] = [];
  /** One more node of the cluster (or a node again, on its port), started and ready. */
  async function addNode(
    name: string,
    port?: number,
    env: Record<string, string> = {},
  ): Promise<NodeProcess> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-node-'));
    dataDirs.push(dataDir);
    const node = startNode({
      name,
      port: port ?? (await freePort()),
      env: { ...sharedEnv, DATA_DIR: dataDir, ...env },
    });
    await waitUntilReady(node);
    return node;
  }
  const nodes = await Promise.all(
    Array.from({ length: options.nodes }, (_, i) =>
      addNode(`node${i + 1}`, undefined, options.nodeEnv?.[i]),
    ),
  );
  const database = await openDatabase({ databaseUrl: fresh.url, dataDir: dataDirs[0]! });
  return {
    nodes,
    database,
    addNode,
    /** What every node gets (the JWT secret among it), for minting tokens in tests. */
    env: sharedEnv,
    /** Stops every node, closes the connection, drops the database; reports the first failure. */
    async close() {
      const steps = [
        () => stopAllNodes(),
        async () => database.close(),
        async () => fresh.drop(),
        ...dataDirs.map((dir) => () => rm(dir, { recursive: true, force: true })),
      ];
      const failures: unknown[] = [];
      for (const step of steps) await step().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
}
export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** The cluster of one test file, as `useCluster` gives it: usable inside tests and hooks. */
export type ClusterHandle = Readonly<Omit<Cluster, 'close'>>;

/**
 * One cluster for the whole test file (or describe block): started before its first test, and
 * closed after its last, with every socket its tests opened closed first. Options that only an
 * earlier hook knows (a mail server's address, say) may be given as a function, called when the
 * cluster starts. Starting and closing may take up to `timeouts` ms.
 */
export function useCluster(
  options: ClusterOptions | (() => ClusterOptions),
  timeouts: { start: number; close: number } = { start: 40_000, close: 20_000 },
): ClusterHandle {
  let started: Cluster | undefined;
  const current = () => {
    if (!started) throw new Error('useCluster: the cluster exists only inside tests and hooks');
    return started;
  };
  beforeAll(async () => {
    started = await startCluster(typeof options === 'function' ? options() : options);
  }, timeouts.start);
  afterAll(async () => {
    closeAllSockets();
    await started?.close();
    started = undefined;
  }, timeouts.close);
  return {
    get nodes() {
      return current().nodes;
    },
    get database() {
      return current().database;
    },
    get env() {
      return current().env;
    },
    addNode: (...node) => current().addNode(...node),
  };
}

/** Calls a node's API (below /api/v1) over real HTTP: the status and the parsed JSON body. */
export async function callNode(
  node: NodeProcess | string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const baseUrl = typeof node === 'string' ? node : node.url;
  const response = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A user registered and signed in over HTTP on a node. */
export interface NodeUser {
  id: string;
  email: string;
  pseudonym: string;
  token: string;
  /** What they registered with (the password among it). */
  data: RegisterBody;
  login: LoginResponse;
}

/** Registers and signs in on the given node, as a user would; throws on any other answer. */
export async function signUpOn(
  node: NodeProcess | string,
  roles: RegisterBody['roles'] = ['sharer'],
  /** Runs between registering and signing in (to make the user an admin, say). */
  beforeLogin?: (userId: string) => Promise<unknown>,
): Promise<NodeUser> {
  const data = newUserData({ roles });
  const registered = await callNode(node, 'POST', '/auth/register', undefined, data);
  if (registered.status !== 201) {
    throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  }
  const id = (registered.body.user as { id: string }).id;
  await beforeLogin?.(id);
  const signedIn = await callNode(node, 'POST', '/auth/login', undefined, {
    email: data.email,
    password: data.password,
  });
  if (signedIn.status !== 200) {
    throw new Error(`login: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  }
  const login = signedIn.body as unknown as LoginResponse;
  return {
    id,
    email: data.email.toLowerCase(),
    pseudonym: data.pseudonym,
    token: login.access_token,
    data,
    login,
  };
}
