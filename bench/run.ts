/**
 * `npm run bench`: throughput of GET /api/v1/users/me on one Kindred node against a bare Fastify
 * route under the same client settings, plus the time of a password login; then the messaging
 * section (bench/chat.ts) and POST /match/find-listeners over many listeners (bench/match.ts).
 * One JSON document on stdout; progress on stderr. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChatSettings, chatBudgetSeconds, runChatBench } from './chat';
import { type LoadResult, type LoadSettings, measure } from './lib/load';
import { type MatchSettings, matchBudgetSeconds, runMatchBench } from './match';
import { measurePgliteRss, pgliteRssBudgetSeconds } from './pglite-rss';
import { type ResourcesSettings, resourcesBudgetSeconds, runResourcesBench } from './resources';
import {
  freePort,
  killAllChildren,
  log,
  processRssBytes,
  type ServerProcess,
  startServer,
  stopServer,
  waitUntilReady,
} from './lib/processes';
import { startKindred } from './lib/kindred';
import { percentile, round } from './lib/stats';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const API = '/api/v1';
const DEMO_USER = { email: 'sharer@example.com', password: 'Sharer123!' };
const LOGIN_WARMUP = 3;

interface Settings extends LoadSettings {
  logins: number;
  databaseUrl: string | undefined;
  /** Redis for the HTTP node too (rate limits and revocations shared as with several nodes). */
  redisUrl: string | undefined;
  cpuProfileDir: string | undefined;
  /** false: skip the HTTP section (BENCH_HTTP=0). */
  http: boolean;
  /** undefined: skip the messaging section (BENCH_CHAT=0). */
  chat: ChatSettings | undefined;
  /** undefined: skip the matching section (BENCH_MATCH=0). */
  match: MatchSettings | undefined;
  /** undefined: skip the library search section (BENCH_RESOURCES=0). */
  resources: ResourcesSettings | undefined;
  /** Seconds a PGlite node idles before its RSS is read; undefined: skip (BENCH_PGLITE_RSS=0). */
  pgliteIdleSeconds: number | undefined;
}

function positiveInt(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer`);
  }
  return value;
}

function flag(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '' || raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`${name} must be 1 or 0`);
}

function readSettings(): Settings {
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const cpuProfileDir = process.env.BENCH_CPU_PROF_DIR || undefined;
  return {
    durationSeconds: positiveInt('BENCH_SECONDS', 10),
    warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3, true),
    connections: positiveInt('BENCH_CONNECTIONS', 50),
    logins: positiveInt('BENCH_LOGINS', 40),
    databaseUrl,
    redisUrl: process.env.BENCH_REDIS_URL || undefined,
    cpuProfileDir,
    http: flag('BENCH_HTTP'),
    chat: flag('BENCH_CHAT')
      ? {
          conversations: positiveInt('BENCH_CHAT_CONVERSATIONS', 1000),
          workers: positiveInt('BENCH_CHAT_PROCESSES', 2),
          durationSeconds: positiveInt('BENCH_CHAT_SECONDS', 10),
          warmupSeconds: positiveInt('BENCH_CHAT_WARMUP_SECONDS', 3, true),
          // PGlite runs every query on the node's one thread: a lower rate it can sustain.
          rate: positiveInt('BENCH_CHAT_RATE', databaseUrl ? 2000 : 300),
          overloadSeconds: positiveInt('BENCH_OVERLOAD_SECONDS', 30, true),
          twoNodes: flag('BENCH_TWO_NODES'),
          idleSockets: positiveInt('BENCH_IDLE_SOCKETS', 50_000, true),
          idleWorkers: positiveInt('BENCH_IDLE_PROCESSES', 4),
          signupConcurrency: positiveInt('BENCH_SIGNUP_CONCURRENCY', 8),
          databaseUrl,
          redisUrl: process.env.BENCH_REDIS_URL || undefined,
          cpuProfileDir,
        }
      : undefined,
    match: flag('BENCH_MATCH')
      ? {
          listeners: positiveInt('BENCH_MATCH_LISTENERS', 10_000),
          connections: positiveInt('BENCH_CONNECTIONS', 50),
          latencyConnections: positiveInt('BENCH_MATCH_LATENCY_CONNECTIONS', 1),
          durationSeconds: positiveInt('BENCH_SECONDS', 10),
          warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3, true),
          databaseUrl,
          cpuProfileDir,
        }
      : undefined,
    resources: flag('BENCH_RESOURCES')
      ? {
          count: positiveInt('BENCH_RESOURCES_COUNT', 10_000),
          connections: positiveInt('BENCH_CONNECTIONS', 50),
          latencyConnections: positiveInt('BENCH_RESOURCES_LATENCY_CONNECTIONS', 1),
          durationSeconds: positiveInt('BENCH_SECONDS', 10),
          warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3, true),
          databaseUrl,
          cpuProfileDir,
        }
      : undefined,
    pgliteIdleSeconds: flag('BENCH_PGLITE_RSS')
      ? positiveInt('BENCH_PGLITE_IDLE_SECONDS', 10)
      : undefined,
  };
}

/** The version of `pkg` as resolved from `fromFile`, i.e. the copy that code there really loads. */
function resolvedVersion(pkg: string, fromFile: string): string {
  const entry = createRequire(fromFile).resolve(pkg);
  let dir = path.dirname(entry);
  while (path.basename(dir) !== pkg) dir = path.dirname(dir);
  const manifest: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest
      ? manifest.version
      : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One password login, timed by the client from request start to the last byte of the body. */
async function login(baseUrl: string): Promise<{ ms: number; accessToken: string }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${API}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_USER),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await readJson(response);
  const ms = performance.now() - started;
  const token =
    typeof body === 'object' && body !== null && 'access_token' in body
      ? body.access_token
      : undefined;
  if (!response.ok || typeof token !== 'string') {
    throw new Error(`login failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return { ms, accessToken: token };
}

/** process_resident_memory_bytes from the node's /metrics, else /proc; undefined if neither. */
async function kindredRssBytes(server: ServerProcess): Promise<number | undefined> {
  try {
    const response = await fetch(`${server.baseUrl}/metrics`, {
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    const value = /^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1];
    if (response.ok && value !== undefined && Number.isFinite(Number(value))) return Number(value);
  } catch {
    // Fall back to /proc below.
  }
  return processRssBytes(server.pid);
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? null : round(bytes / (1024 * 1024), 1);

function describe(name: string, result: LoadResult): string {
  const { p50, p99 } = result.latency_ms;
  const cpu = result.cpu_percent;
  return (
    `${name}: ${result.requests_per_sec} req/s, p50 ${p50} ms, p99 ${p99} ms; CPU % of a core: ` +
    `server ${cpu.server ?? '?'}, client ${cpu.client}, other ${cpu.other ?? '?'}`
  );
}

/** Flags what makes a result unsound: failed requests, a saturated client, a busy machine. */
function check(
  name: string,
  result: LoadResult,
  warnings: string[],
  otherIncludesDatabase = false,
): void {
  if (result.non_2xx > 0 || result.errors > 0) {
    warnings.push(
      `${name}: ${result.non_2xx} non-2xx responses and ${result.errors} errors ` +
        `(${result.timeouts} timeouts); only 2xx responses are counted`,
    );
  }
  const cpu = result.cpu_percent;
  if (cpu.client >= 90) {
    warnings.push(
      `${name}: the load generator used ${cpu.client}% of a core and may have been the ` +
        'bottleneck; that requests/s is a lower bound',
    );
  }
  if (cpu.other !== null && cpu.other >= 25 && !otherIncludesDatabase) {
    warnings.push(
      `${name}: other processes used ${cpu.other}% of a core during the measurement; ` +
        'the machine was not quiet, so expect noise',
    );
  }
}

/** GET /users/me on Kindred and on bare Fastify, and sequential logins. */
async function httpSection(settings: Settings, dataDir: string, warnings: string[]) {
  // 1. One Kindred node.
  const kindredPort = await freePort();
  log(
    `starting Kindred (${settings.databaseUrl ? 'postgresql' : 'pglite'}` +
      `${settings.redisUrl ? ' + redis' : ''}) on 127.0.0.1:${kindredPort}`,
  );
  const kindred = await startKindred({
    name: 'kindred',
    dataDir,
    repoRoot,
    databaseUrl: settings.databaseUrl,
    cpuProfileDir: settings.cpuProfileDir,
    env: {
      SEED_DEMO: 'true',
      RATE_LIMIT_AUTH_PER_MIN: '100000',
      ...(settings.redisUrl
        ? {
            REDIS_URL: settings.redisUrl,
            REDIS_PREFIX: `kindred-bench:${randomBytes(4).toString('hex')}:`,
          }
        : {}),
    },
    port: kindredPort,
  });
  const rssAfterStart = await kindredRssBytes(kindred);

  log(`logging in as ${DEMO_USER.email}`);
  let accessToken = '';
  for (let i = 0; i < LOGIN_WARMUP; i++) accessToken = (await login(kindred.baseUrl)).accessToken;
  const authorization = `Bearer ${accessToken}`;
  const meResponse = await fetch(`${kindred.baseUrl}${API}/users/me`, {
    headers: { authorization },
    signal: AbortSignal.timeout(5_000),
  });
  const meBody = await meResponse.text();
  if (!meResponse.ok) throw new Error(`GET ${API}/users/me: HTTP ${meResponse.status} ${meBody}`);

  const loadSettings: LoadSettings = settings;
  const harness =
    `${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ` +
    `${settings.durationSeconds} s measured`;
  log(`load on Kindred GET ${API}/users/me: ${harness}`);
  const kindredResult = await measure(
    { url: `${kindred.baseUrl}${API}/users/me`, headers: { authorization }, pid: kindred.pid },
    loadSettings,
  );
  log(describe('kindred', kindredResult));
  // With PostgreSQL on this machine, "other" CPU is mostly the database doing its share of the work.
  check('kindred', kindredResult, warnings, settings.databaseUrl !== undefined);

  log(`${settings.logins} sequential logins`);
  const loginMs: number[] = [];
  for (let i = 0; i < settings.logins; i++) loginMs.push((await login(kindred.baseUrl)).ms);
  const loginStats = {
    count: loginMs.length,
    median_ms: round(percentile(loginMs, 50)),
    p90_ms: round(percentile(loginMs, 90)),
    min_ms: round(Math.min(...loginMs)),
    max_ms: round(Math.max(...loginMs)),
    mean_ms: round(loginMs.reduce((sum, ms) => sum + ms, 0) / loginMs.length),
  };
  log(`login: median ${loginStats.median_ms} ms, p90 ${loginStats.p90_ms} ms`);

  const rssAfterRun = await kindredRssBytes(kindred);
  await stopServer(kindred);

  // 2. The bare Fastify baseline, alone on the machine like Kindred was.
  const barePort = await freePort();
  log(`starting bare Fastify on 127.0.0.1:${barePort}`);
  const bare = startServer({
    name: 'bare',
    args: ['--import', 'tsx', 'bench/bare-server.ts'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(barePort),
      BARE_BODY: meBody,
    },
    cwd: repoRoot,
    port: barePort,
  });
  await waitUntilReady(bare, '/me', 30_000);
  log(`load on bare Fastify GET /me: ${harness}`);
  // Same request bytes as for Kindred: the bare route ignores the Authorization header.
  const bareResult = await measure(
    { url: `${bare.baseUrl}/me`, headers: { authorization }, pid: bare.pid },
    loadSettings,
  );
  log(describe('bare', bareResult));
  check('bare', bareResult, warnings);
  await stopServer(bare);

  const fastifyKindred = resolvedVersion('fastify', path.join(repoRoot, 'apps/server/src/app.ts'));
  const fastifyBare = resolvedVersion('fastify', path.join(repoRoot, 'bench/bare-server.ts'));
  if (fastifyKindred !== fastifyBare) {
    warnings.push(
      `Fastify differs: Kindred loads ${fastifyKindred}, the bare server ${fastifyBare}`,
    );
  }

  return {
    throughput: {
      kindred_users_me: { method: 'GET', path: `${API}/users/me`, ...kindredResult },
      bare_fastify: { method: 'GET', path: '/me', ...bareResult },
      ratio_kindred_to_bare: round(kindredResult.requests_per_sec / bareResult.requests_per_sec, 3),
    },
    login: { method: 'POST', path: `${API}/auth/login`, sequential: true, ...loginStats },
    context: {
      redis: settings.redisUrl !== undefined,
      fastify: fastifyKindred,
      fastify_bare: fastifyBare,
      load_generator: `autocannon ${resolvedVersion('autocannon', import.meta.filename)} (in-process, 1 thread)`,
      connections: settings.connections,
      pipelining: 1,
      duration_seconds: settings.durationSeconds,
      warmup_seconds: settings.warmupSeconds,
      login_warmup: LOGIN_WARMUP,
      response_bytes: Buffer.byteLength(meBody),
      kindred_rss_mb_after_start: mb(rssAfterStart),
      kindred_rss_mb_after_run: mb(rssAfterRun),
      kindred_rss_bytes_after_run: rssAfterRun ?? null,
    },
  };
}

async function main(settings: Settings, dataDir: string): Promise<void> {
  const startedAt = new Date();
  const warnings: string[] = [];
  const database = settings.databaseUrl ? 'postgresql' : 'pglite';

  // HTTP first: on an empty BENCH_DATABASE_URL it seeds the demo users its login needs.
  const http = settings.http ? await httpSection(settings, dataDir, warnings) : undefined;
  const chat = settings.chat ? await runChatBench(settings.chat, dataDir, repoRoot) : undefined;
  if (chat) warnings.push(...chat.warnings.map((w) => `chat: ${w}`));
  // Last: its listeners must not be in the database when the HTTP section seeds the demo users.
  const match = settings.match ? await runMatchBench(settings.match, dataDir, repoRoot) : undefined;
  if (match) warnings.push(...match.warnings.map((w) => `find_listeners: ${w}`));
  const library = settings.resources
    ? await runResourcesBench(settings.resources, dataDir, repoRoot)
    : undefined;
  if (library) warnings.push(...library.warnings.map((w) => `resources: ${w}`));
  const pgliteRss =
    settings.pgliteIdleSeconds === undefined
      ? undefined
      : await measurePgliteRss(repoRoot, settings.pgliteIdleSeconds);
  if (pgliteRss?.met === false) {
    warnings.push(`pglite_idle_rss_mb: above ${pgliteRss.target_mb} MiB`);
  }

  const report = {
    throughput: http?.throughput ?? null,
    login: http?.login ?? null,
    chat: chat ? { ...chat, warnings: undefined } : null,
    find_listeners: match ? { ...match, warnings: undefined } : null,
    resources_search: library ? { ...library, warnings: undefined } : null,
    pglite_idle_rss_mb: pgliteRss ?? null,
    context: {
      database,
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: os.availableParallelism(),
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      ...http?.context,
      socket_io: resolvedVersion('socket.io', path.join(repoRoot, 'apps/server/src/app.ts')),
      socket_io_bare: resolvedVersion('socket.io', path.join(repoRoot, 'bench/bare-relay.ts')),
      socket_io_client: resolvedVersion('socket.io-client', import.meta.filename),
      started_at: startedAt.toISOString(),
      total_seconds: round((Date.now() - startedAt.getTime()) / 1000),
    },
    warnings,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

const settings = readSettings();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kindred-bench-'));
const cleanUp = () => {
  killAllChildren();
  rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    cleanUp();
    process.exit(130);
  });
}
process.once('exit', () => killAllChildren());
// Every phase is bounded on its own; this is the backstop if something hangs anyway.
const budgetSeconds =
  (settings.http ? 2 * (settings.warmupSeconds + settings.durationSeconds) + 300 : 0) +
  (settings.chat ? chatBudgetSeconds(settings.chat) : 0) +
  (settings.match ? matchBudgetSeconds(settings.match) : 0) +
  (settings.resources ? resourcesBudgetSeconds(settings.resources) : 0) +
  (settings.pgliteIdleSeconds === undefined
    ? 0
    : pgliteRssBudgetSeconds(settings.pgliteIdleSeconds));
const watchdog = setTimeout(() => {
  log(`gave up after ${budgetSeconds} s`);
  cleanUp();
  process.exit(1);
}, budgetSeconds * 1000);
watchdog.unref();

try {
  await main(settings, dataDir);
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  cleanUp();
}
