/**
 * The messaging part of `npm run bench` (see bench/README.md): Kindred's real message pipeline
 * against a bare Socket.IO relay under the same client harness, plus idle authenticated sockets on
 * one node. Servers and load generators are separate child processes; all traffic stays on
 * 127.0.0.1 and every phase is bounded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command, ConversationSlot, PhaseResult, SetupResult } from './lib/chat-protocol';
import {
  freePort,
  log,
  machineBusyCpuSeconds,
  openFilesLimit,
  processCpuSeconds,
  processRssBytes,
  type ServerProcess,
  startServer,
  stopServer,
  waitUntilReady,
} from './lib/processes';
import { NO_LIMIT, startKindred } from './lib/kindred';
import { percentile, round } from './lib/stats';
import { resultOf, startWorker, stopWorkers, type Worker } from './lib/workers';
import { openDatabase } from '../apps/server/src/db/client';
import { messages } from '../apps/server/src/db/schema';
import { insertConversation } from '../apps/server/src/features/conversations';
import { SOCKETS_PER_USER_MAX } from '@kindred/protocol';
import { postJson } from './lib/http';
import { statementsProbe } from './lib/statements';

export interface ChatSettings {
  conversations: number;
  workers: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Offered messages/s in the fixed-rate phase. */
  rate: number;
  /** Seconds of the overload phase (2 × the sustained rate); 0 skips it. */
  overloadSeconds: number;
  /** Two nodes on the same PostgreSQL + Redis (PostgreSQL only). */
  twoNodes: boolean;
  idleSockets: number;
  idleWorkers: number;
  signupConcurrency: number;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  cpuProfileDir: string | undefined;
}

const API = '/api/v1';
const PASSWORD = 'Bench-Password-9';
const SERVER_FD_LIMIT = 65_536;
const CONNECT_CONCURRENCY = 100;
/** Descriptors a node keeps for itself besides idle sockets (database, Redis, files, listeners). */
const FD_HEADROOM = 200;
/** Well under the ~28,000 ephemeral ports (32768–60999) of one source address to one port. */
const SOCKETS_PER_SOURCE_ADDRESS = 20_000;
const DRAIN_MS = 30_000;
/** Connecting (and joining) every socket of a phase: minutes on a busy 2-core machine. */
const SETUP_TIMEOUT_MS = 600_000;
/** Sign-ups slower than this leave too little of the tokens' 15 minutes for the phases. */
const TOKEN_MARGIN_SECONDS = 480;
/** After an overload, send → deliver p99 must be back under this. */
const RECOVERED_P99_MS = 50;
/** How long the offered rate stays low after the overload, measured second by second. */
const RECOVERY_MS = 10_000;
/** An overload leaves refused sends backing off up to 30 s each: they get longer to land. */
const OVERLOAD_DRAIN_MS = 120_000;
const MiB = 1024 * 1024;

const mb = (bytes: number | undefined) => (bytes === undefined ? null : round(bytes / MiB, 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Upper bound of the time the chat section may take with these settings, for the watchdog. */
export function chatBudgetSeconds(s: ChatSettings): number {
  const phase = s.warmupSeconds + s.durationSeconds + DRAIN_MS / 1000;
  const phases =
    (s.twoNodes ? 5 : 4) * phase +
    (s.overloadSeconds > 0
      ? s.warmupSeconds + s.overloadSeconds + (RECOVERY_MS + OVERLOAD_DRAIN_MS) / 1000
      : 0);
  const users = (2 * s.conversations) / 2; // ≥ 2 sign-ups a second even on a busy machine
  // Connecting: the load sockets of the three Kindred runs and the relay, then the idle ones.
  const setups = (5 * SETUP_TIMEOUT_MS) / 1000;
  return Math.ceil(phases + users + setups + 300);
}

function distribution(values: number[]) {
  if (values.length === 0) return { p50: null, p90: null, p99: null, mean: null, max: null };
  let sum = 0;
  let max = 0;
  for (const v of values) {
    sum += v;
    if (v > max) max = v;
  }
  return {
    p50: round(percentile(values, 50), 2),
    p90: round(percentile(values, 90), 2),
    p99: round(percentile(values, 99), 2),
    mean: round(sum / values.length, 2),
    max: round(max, 2),
  };
}

/** Adds up what the workers saw; rates are per second of the (common) measured window. */
function merge(results: PhaseResult[], cpu: { servers?: number[]; machine?: number }) {
  const sum = (pick: (r: PhaseResult) => number) => results.reduce((t, r) => t + pick(r), 0);
  const window = results[0]?.window_seconds ?? 1;
  const errors: Record<string, number> = {};
  for (const r of results) {
    for (const [code, n] of Object.entries(r.ack_errors)) errors[code] = (errors[code] ?? 0) + n;
  }
  const clientSeconds = sum((r) => r.cpu_seconds);
  const percent = (seconds: number) => round((seconds / window) * 100, 0);
  const server = cpu.servers?.reduce((t, c) => t + c, 0);
  return {
    acked_per_sec: round(sum((r) => r.acked_ok_in_window) / window, 0),
    delivered_per_sec: round(sum((r) => r.delivered_in_window) / window, 0),
    sent_in_window_per_sec: round(sum((r) => r.sent_in_window) / window, 0),
    ack_ms: distribution(results.flatMap((r) => r.ack_ms)),
    deliver_ms: distribution(results.flatMap((r) => r.deliver_ms)),
    sent: sum((r) => r.sent),
    acked_ok: sum((r) => r.acked_ok),
    acked_ok_after_phase: sum((r) => r.acked_ok_after_phase),
    ack_errors: errors,
    ack_timeouts: sum((r) => r.ack_timeouts),
    attempts: sum((r) => r.attempts),
    refusals: sum((r) => r.refusals),
    refused_per_sec: round(sum((r) => r.refusals_in_window) / window, 0),
    undelivered: sum((r) => r.undelivered),
    duplicate_deliveries: sum((r) => r.duplicate_deliveries),
    window_seconds: window,
    cpu_percent: {
      server: server === undefined ? null : percent(server),
      ...(cpu.servers && cpu.servers.length > 1 ? { per_node: cpu.servers.map(percent) } : {}),
      clients: percent(clientSeconds),
      other:
        server === undefined || cpu.machine === undefined
          ? null
          : percent(Math.max(0, cpu.machine - server - clientSeconds)),
    },
  };
}

/** Send → deliver p99 per second after an overload stopped, and when it was back under 50 ms. */
function recovery(results: PhaseResult[], rate: number) {
  const seconds = Math.max(0, ...results.map((r) => r.after_deliver_ms?.length ?? 0));
  const p99 = Array.from({ length: seconds }, (_, i) => {
    const samples = results.flatMap((r) => r.after_deliver_ms?.[i] ?? []);
    return samples.length === 0 ? null : round(percentile(samples, 99), 1);
  });
  // The first second from which every later second's p99 is under the bound.
  let within: number | null = null;
  for (let i = p99.length - 1; i >= 0; i--) {
    const v = p99[i];
    if (v === null || v === undefined || v > RECOVERED_P99_MS) break;
    within = i;
  }
  return {
    offered_per_sec: rate,
    deliver_p99_ms_per_second: p99,
    back_under_50ms_within_s: within,
  };
}

type PhaseCommand =
  | { type: 'closed' }
  | { type: 'open'; rate: number; seconds?: number; after?: { rate: number; ms: number } };

/** Runs one phase on every worker at once, reading the servers' CPU over the measured window. */
async function phase(
  workers: Worker[],
  servers: ServerProcess[],
  command: PhaseCommand,
  settings: ChatSettings,
) {
  const warmupMs = settings.warmupSeconds * 1000;
  const measureMs =
    (command.type === 'open' && command.seconds ? command.seconds : settings.durationSeconds) *
    1000;
  const cpu: { servers?: number[]; machine?: number } = {};
  const snapshot = () => ({
    s: servers.map((server) => processCpuSeconds(server.pid)),
    m: machineBusyCpuSeconds(),
  });
  let before: ReturnType<typeof snapshot> | undefined;
  const t1 = setTimeout(() => (before = snapshot()), warmupMs);
  const t2 = setTimeout(() => {
    const after = snapshot();
    if (before && before.s.every((c) => c !== undefined) && after.s.every((c) => c !== undefined))
      cpu.servers = after.s.map((c, i) => c! - before!.s[i]!);
    if (before?.m !== undefined && after.m !== undefined) cpu.machine = after.m - before.m;
  }, warmupMs + measureMs);
  const afterMs = command.type === 'open' ? (command.after?.ms ?? 0) : 0;
  const drainMs = afterMs > 0 ? OVERLOAD_DRAIN_MS : DRAIN_MS;
  const timeout = warmupMs + measureMs + afterMs + drainMs + 30_000;
  try {
    const results = await Promise.all(
      workers.map((worker, i) => {
        // Each worker offers its share; the first takes the remainder.
        const share = (rate: number) =>
          Math.floor(rate / workers.length) + (i === 0 ? rate % workers.length : 0);
        return resultOf(
          worker,
          command.type === 'closed'
            ? { type: 'closed', warmupMs, measureMs, drainMs }
            : {
                type: 'open',
                rate: share(command.rate),
                warmupMs,
                measureMs,
                drainMs,
                ...(command.after
                  ? { after: { rate: share(command.after.rate), ms: command.after.ms } }
                  : {}),
              },
          'phase',
          timeout,
        );
      }),
    );
    return {
      ...merge(results, cpu),
      ...(command.type === 'open' && command.after
        ? { after_overload: recovery(results, command.after.rate) }
        : {}),
    };
  } finally {
    clearTimeout(t1);
    clearTimeout(t2);
  }
}
type Merged = Awaited<ReturnType<typeof phase>>;

function sumSetup(results: SetupResult[]) {
  return {
    sockets: results.reduce((t, r) => t + r.sockets, 0),
    failed: results.reduce((t, r) => t + r.failed, 0),
    first_error: results.find((r) => r.first_error)?.first_error ?? null,
    seconds: round(Math.max(...results.map((r) => r.seconds)), 2),
  };
}

/** Sends each worker its setup command, with its share of the work (every n-th item); sums the results. */
async function setUpOn(
  workers: Worker[],
  timeoutMs: number,
  command: (share: <T>(items: T[]) => T[]) => Command,
) {
  const results = await Promise.all(
    workers.map((worker, i) =>
      resultOf(
        worker,
        command((items) => items.filter((_, j) => j % workers.length === i)),
        'setup',
        timeoutMs,
      ),
    ),
  );
  return sumSetup(results);
}

/** What `drive` runs after the sustained closed loop (which always runs). */
interface DrivePlan {
  fixedRate: boolean;
  /** Set: pg_stat_statements is reset before the sustained phase and read after it. */
  statements?: NonNullable<Awaited<ReturnType<typeof statementsProbe>>>;
  /** Seconds of the overload (2 × the sustained rate just measured); 0 skips it. */
  overloadSeconds: number;
}

/**
 * The node a member connects to: with several nodes, half the conversations have both members on
 * one node and half have them on different nodes (so fan-out crosses nodes through Redis).
 */
function nodeOf(conversation: number, member: 0 | 1, nodes: number): number {
  return (conversation + member * Math.floor(conversation / 2)) % nodes;
}

/** The overload: 2 × the sustained rate, then a normal rate again, with RSS sampled throughout. */
async function overload(
  name: string,
  workers: Worker[],
  server: ServerProcess,
  sustainedPerSec: number,
  seconds: number,
  settings: ChatSettings,
) {
  const rate = Math.max(1, Math.round(2 * sustainedPerSec));
  const afterRate = Math.max(1, Math.round(sustainedPerSec / 2));
  log(
    `${name}: overload ${rate} msg/s (2 × sustained) for ${seconds} s, ` +
      `then ${afterRate} msg/s for ${RECOVERY_MS / 1000} s`,
  );
  const rssBefore = processRssBytes(server.pid);
  let rssMax = rssBefore ?? 0;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, processRssBytes(server.pid) ?? 0);
  }, 500);
  let result;
  try {
    result = await phase(
      workers,
      [server],
      { type: 'open', rate, seconds, after: { rate: afterRate, ms: RECOVERY_MS } },
      settings,
    );
  } finally {
    clearInterval(sampler);
  }
  const rssAfter = processRssBytes(server.pid);
  log(
    `${name}: overload acked ${result.acked_per_sec} msg/s, refused ${result.refused_per_sec}/s, ` +
      `${result.ack_timeouts} ack timeouts; RSS ${mb(rssBefore)} → max ${mb(rssMax)} MB; ` +
      `p99 per second after: ${result.after_overload?.deliver_p99_ms_per_second.join(' ')}`,
  );
  return {
    offered_per_sec: rate,
    seconds,
    ...result,
    rss_mb_before: mb(rssBefore),
    rss_mb_max: mb(rssMax),
    rss_mb_after: mb(rssAfter),
    rss_growth_mb: rssBefore === undefined ? null : mb(rssMax - rssBefore),
  };
}

/** Connects both members of every conversation (spread over the workers and nodes), then loads. */
async function drive(
  name: string,
  servers: ServerProcess[],
  conversations: { id: string; tokens: ConversationSlot['tokens'] }[],
  settings: ChatSettings,
  repoRoot: string,
  plan: DrivePlan,
) {
  const slots: ConversationSlot[] = conversations.map((c, i) => ({
    ...c,
    urls: [
      servers[nodeOf(i, 0, servers.length)]!.baseUrl,
      servers[nodeOf(i, 1, servers.length)]!.baseUrl,
    ],
  }));
  const workers = Array.from({ length: settings.workers }, (_, i) =>
    startWorker(`${name}-load-${i + 1}`, repoRoot),
  );
  try {
    const setup = await setUpOn(workers, SETUP_TIMEOUT_MS, (share) => ({
      type: 'setup',
      slots: share(slots),
      // BENCH_CHAT_JOIN=0: nobody has the chat open, so every direct message notifies.
      join: process.env.BENCH_CHAT_JOIN !== '0',
      concurrency: CONNECT_CONCURRENCY,
    }));
    log(`${name}: ${setup.sockets} sockets connected and joined in ${setup.seconds} s`);
    if (setup.failed > 0)
      throw new Error(`${name}: ${setup.failed} sockets failed: ${setup.first_error}`);
    const rssAfterConnect = processRssBytes(servers[0]!.pid);

    log(`${name}: closed loop, one message in flight per conversation`);
    await plan.statements?.reset();
    const sustained = await phase(workers, servers, { type: 'closed' }, settings);
    const statements = await plan.statements?.read();
    log(
      `${name}: ${sustained.acked_per_sec} msg/s acked, ${sustained.delivered_per_sec} delivered, ` +
        `${sustained.refused_per_sec} refused/s; ` +
        `deliver p50 ${sustained.deliver_ms.p50} ms p99 ${sustained.deliver_ms.p99} ms; ` +
        `CPU % server ${sustained.cpu_percent.server} clients ${sustained.cpu_percent.clients} ` +
        `other ${sustained.cpu_percent.other}`,
    );
    let fixed;
    if (plan.fixedRate) {
      log(`${name}: fixed rate ${settings.rate} msg/s`);
      fixed = await phase(workers, servers, { type: 'open', rate: settings.rate }, settings);
      log(
        `${name}: ${fixed.acked_per_sec} msg/s acked at ${settings.rate} offered ` +
          `(${fixed.refused_per_sec} refused/s); ` +
          `deliver p50 ${fixed.deliver_ms.p50} ms p99 ${fixed.deliver_ms.p99} ms, ` +
          `ack p99 ${fixed.ack_ms.p99} ms`,
      );
    }
    const overloaded =
      plan.overloadSeconds > 0
        ? await overload(
            name,
            workers,
            servers[0]!,
            sustained.acked_per_sec,
            plan.overloadSeconds,
            settings,
          )
        : null;
    return {
      nodes: servers.length,
      connect: setup,
      sustained,
      ...(statements ? { sustained_statements: statements } : {}),
      fixed_rate: fixed ? { offered_per_sec: settings.rate, ...fixed } : null,
      overload: overloaded,
      rss_mb_after_connect: mb(rssAfterConnect),
      rss_mb_after_load: mb(processRssBytes(servers[0]!.pid)),
    };
  } finally {
    await stopWorkers(workers);
  }
}

interface BenchUser {
  id: string;
  token: string;
}

/** Registers and signs in `count` users over HTTP, as people would (argon2id both times). */
async function signUpUsers(baseUrl: string, count: number, concurrency: number) {
  const tag = randomBytes(4).toString('hex');
  const users: BenchUser[] = new Array<BenchUser>(count);
  let next = 0;
  const one = async (i: number) => {
    const email = `bench-${tag}-${i}@example.org`;
    const registered = await postJson(`${baseUrl}${API}/auth/register`, {
      email,
      password: PASSWORD,
      pseudonym: `b${tag}_${i}`,
      roles: [i % 2 === 0 ? 'sharer' : 'listener'],
      age_confirmed: true,
    });
    const user = (registered.json as { user?: { id?: string } }).user;
    if (registered.status !== 201 || !user?.id) {
      throw new Error(`register: HTTP ${registered.status} ${JSON.stringify(registered.json)}`);
    }
    const login = await postJson(`${baseUrl}${API}/auth/login`, { email, password: PASSWORD });
    const token = (login.json as { access_token?: string }).access_token;
    if (login.status !== 200 || !token) {
      throw new Error(`login: HTTP ${login.status} ${JSON.stringify(login.json)}`);
    }
    users[i] = { id: user.id, token };
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return users;
}

/** One node of the chat run: every node of a run shares the secret, so tokens stay valid. */
function startChatNode(
  name: string,
  settings: ChatSettings,
  dataDir: string,
  secret: string,
  repoRoot: string,
  options: { profile?: boolean; redisPrefix?: string } = {},
): Promise<ServerProcess> {
  const profile = options.profile ?? false;
  return startKindred({
    name,
    dataDir,
    repoRoot,
    databaseUrl: settings.databaseUrl,
    cpuProfileDir: profile ? settings.cpuProfileDir : undefined,
    fdLimit: SERVER_FD_LIMIT,
    env: {
      JWT_SECRET: secret,
      RATE_LIMIT_AUTH_PER_MIN: NO_LIMIT,
      RATE_LIMIT_MESSAGES_PER_MIN: NO_LIMIT,
      ...(settings.redisUrl
        ? {
            REDIS_URL: settings.redisUrl,
            // Nodes of one cluster share a prefix (their adapter and presence meet there).
            REDIS_PREFIX: options.redisPrefix ?? `kindred-bench:${randomBytes(4).toString('hex')}:`,
          }
        : {}),
    },
  });
}

/** The chat database, opened by this process while no node has it open (PGlite is single-user). */
async function withDatabase<T>(
  settings: ChatSettings,
  dataDir: string,
  run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir });
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

/** Kindred: sign-ups, conversations, then the two load phases on a freshly started node. */
async function benchKindred(settings: ChatSettings, dataDir: string, repoRoot: string) {
  const secret = randomBytes(36).toString('base64url');
  const userCount = 2 * settings.conversations;

  let server = await startChatNode('kindred-chat', settings, dataDir, secret, repoRoot);
  log(`kindred: registering and signing in ${userCount} users over HTTP`);
  let started = performance.now();
  const users = await signUpUsers(server.baseUrl, userCount, settings.signupConcurrency);
  const signupSeconds = round((performance.now() - started) / 1000, 1);
  log(`kindred: ${userCount} users in ${signupSeconds} s`);
  if (signupSeconds > TOKEN_MARGIN_SECONDS) {
    // Access tokens live 15 minutes from sign-in: the first ones would expire during the phases.
    throw new Error(
      `kindred: signing up ${userCount} users took ${signupSeconds} s, too close to the ` +
        'access tokens’ 15 minutes; the machine is too busy for this many conversations ' +
        '(lower BENCH_CHAT_CONVERSATIONS or run it on a quieter machine)',
    );
  }
  await stopServer(server, 15_000);

  started = performance.now();
  const { ids, messagesBefore } = await withDatabase(settings, dataDir, async (db) => {
    const now = new Date();
    const created: string[] = [];
    for (let i = 0; i < settings.conversations; i++) {
      // BENCH_CHAT_KIND=direct measures direct chats, whose messages notify the other member.
      const direct = process.env.BENCH_CHAT_KIND === 'direct';
      const row = await insertConversation(db, {
        kind: direct ? 'direct' : 'listening',
        startedAt: now,
        expiresAt: direct ? null : new Date(now.getTime() + 24 * 3600 * 1000),
        members: [
          { userId: users[2 * i]!.id, role: 'sharer' },
          { userId: users[2 * i + 1]!.id, role: 'listener' },
        ],
      });
      created.push(row.id);
    }
    return { ids: created, messagesBefore: await db.$count(messages) };
  });
  const insertSeconds = round((performance.now() - started) / 1000, 1);
  log(`kindred: ${ids.length} conversations inserted in ${insertSeconds} s`);

  server = await startChatNode('kindred', settings, dataDir, secret, repoRoot, { profile: true });
  const rssAfterStart = processRssBytes(server.pid);
  const slots = ids.map((id, i) => ({
    id,
    tokens: [users[2 * i]!.token, users[2 * i + 1]!.token] as ConversationSlot['tokens'],
  }));
  const statements = settings.databaseUrl ? await statementsProbe(settings.databaseUrl) : undefined;
  let result;
  try {
    result = await drive('kindred', [server], slots, settings, repoRoot, {
      fixedRate: true,
      overloadSeconds: settings.overloadSeconds,
      statements,
    });
  } finally {
    await statements?.close();
    await stopServer(server, 15_000);
  }
  const twoNodes = settings.twoNodes
    ? await benchTwoNodes(settings, dataDir, secret, slots, repoRoot)
    : null;

  const messagesAfter = await withDatabase(settings, dataDir, (db) => db.$count(messages));
  const phases = [result.sustained, result.fixed_rate, result.overload, twoNodes?.sustained];
  const acked = phases.reduce((t, p) => t + (p?.acked_ok ?? 0), 0);
  // Sends the drains gave up on while their answer was on its way: stored, and acked late.
  const ackedAfter = phases.reduce((t, p) => t + (p?.acked_ok_after_phase ?? 0), 0);
  const stored = messagesAfter - messagesBefore;
  return {
    result: {
      setup: {
        users: userCount,
        signup_seconds: signupSeconds,
        signup_concurrency: settings.signupConcurrency,
        conversations_insert_seconds: insertSeconds,
      },
      ...result,
      two_nodes: twoNodes,
      rss_mb_after_start: mb(rssAfterStart),
      persisted_check: {
        acked_ok: acked,
        acked_ok_after_phase: ackedAfter,
        rows_added: stored,
        match: acked + ackedAfter === stored,
      },
    },
    users,
    secret,
  };
}

/**
 * Scale-out: two fresh nodes on the same database (and Redis), the same conversations spread over
 * both (half of them with their members on different nodes), the closed loop only.
 */
async function benchTwoNodes(
  settings: ChatSettings,
  dataDir: string,
  secret: string,
  conversations: { id: string; tokens: ConversationSlot['tokens'] }[],
  repoRoot: string,
) {
  if (!settings.databaseUrl) return null; // PGlite is one process's database
  const redisPrefix = `kindred-bench:${randomBytes(4).toString('hex')}:`;
  const nodes = await Promise.all(
    ['kindred-a', 'kindred-b'].map((name) =>
      startChatNode(name, settings, dataDir, secret, repoRoot, { redisPrefix }),
    ),
  );
  try {
    const result = await drive('kindred-2', nodes, conversations, settings, repoRoot, {
      fixedRate: false,
      overloadSeconds: 0,
    });
    return { ...result, rss_mb_per_node: nodes.map((n) => mb(processRssBytes(n.pid))) };
  } finally {
    await Promise.all(nodes.map((n) => stopServer(n, 15_000)));
  }
}

async function benchBare(settings: ChatSettings, slotsCount: number, repoRoot: string) {
  const port = await freePort();
  const server = startServer({
    name: 'bare-relay',
    args: ['--import', 'tsx', 'bench/bare-relay.ts'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: String(port) },
    cwd: repoRoot,
    port,
    fdLimit: SERVER_FD_LIMIT,
  });
  try {
    await waitUntilReady(server, '/healthz', 60_000);
    const rssAfterStart = processRssBytes(server.pid);
    const slots = Array.from({ length: slotsCount }, () => ({
      id: randomUUID(),
      tokens: [undefined, undefined] as ConversationSlot['tokens'],
    }));
    const result = await drive('bare', [server], slots, settings, repoRoot, {
      fixedRate: true,
      overloadSeconds: 0,
    });
    return { ...result, rss_mb_after_start: mb(rssAfterStart) };
  } finally {
    await stopServer(server);
  }
}

/** Idle authenticated sockets on one fresh node: its RSS before and after they connect. */
async function benchIdle(
  settings: ChatSettings,
  dataDir: string,
  secret: string,
  users: BenchUser[],
  repoRoot: string,
) {
  const server = await startChatNode('kindred-idle', settings, dataDir, secret, repoRoot);
  const workers = Array.from({ length: settings.idleWorkers }, (_, i) =>
    startWorker(`idle-${i + 1}`, repoRoot),
  );
  try {
    await sleep(1000);
    const rssBefore = processRssBytes(server.pid);
    // A socket is a file descriptor: past the node's limit, accept() fails and the client waits
    // out its connect timeout. The bench connects what fits and says what stopped the rest.
    const fdLimit = openFilesLimit(server.pid);
    const fits = fdLimit === undefined ? settings.idleSockets : fdLimit - FD_HEADROOM;
    // A user may hold SOCKETS_PER_USER_MAX sockets: more users than the sign-ups would be needed.
    const perUserCap = users.length * SOCKETS_PER_USER_MAX;
    const count = Math.min(settings.idleSockets, fits, perUserCap);
    const tokens = Array.from({ length: count }, (_, i) => users[i % users.length]!.token);
    // One loopback source address has ~28,000 ephemeral ports towards the node's one port.
    const localAddresses = Array.from(
      { length: Math.ceil(count / SOCKETS_PER_SOURCE_ADDRESS) },
      (_, i) => `127.0.0.${i + 1}`,
    );
    log(
      `idle: ${count} of ${settings.idleSockets} sockets (node's open-files limit ` +
        `${fdLimit ?? 'unknown'}) over ${settings.idleWorkers} processes from ` +
        `${localAddresses.join(', ')}`,
    );
    const setup = await setUpOn(workers, SETUP_TIMEOUT_MS, (share) => ({
      type: 'idle',
      url: server.baseUrl,
      tokens: share(tokens),
      concurrency: CONNECT_CONCURRENCY,
      localAddresses,
    }));
    const rssConnected = processRssBytes(server.pid);
    // Let the node settle (handshake garbage collected, presence written), then read it again.
    await sleep(5000);
    const rssSettled = processRssBytes(server.pid);
    log(`idle: ${setup.sockets} connected in ${setup.seconds} s; RSS ${mb(rssSettled)} MB`);
    const delta =
      rssSettled !== undefined && rssBefore !== undefined ? rssSettled - rssBefore : undefined;
    const perSocket =
      delta === undefined || setup.sockets === 0 ? undefined : delta / setup.sockets;
    return {
      target: settings.idleSockets,
      attempted: count,
      connected: setup.sockets,
      failed: setup.failed,
      first_error: setup.first_error,
      node_open_files_limit: fdLimit ?? null,
      limited_by:
        count === settings.idleSockets
          ? null
          : count === fits
            ? `the node's open-files limit (${fdLimit}; the hard limit on this machine, which ` +
              'ulimit -n cannot raise without CAP_SYS_RESOURCE)'
            : `${users.length} users × ${SOCKETS_PER_USER_MAX} sockets each (SOCKETS_PER_USER_MAX); ` +
              'more conversations (BENCH_CHAT_CONVERSATIONS) sign up more users',
      source_addresses: localAddresses,
      distinct_users: Math.min(users.length, count),
      client_processes: settings.idleWorkers,
      connect_seconds: setup.seconds,
      rss_mb_before: mb(rssBefore),
      rss_mb_after_connect: mb(rssConnected),
      rss_mb_after_settle: mb(rssSettled),
      kb_per_socket: perSocket === undefined ? null : round(perSocket / 1024, 1),
      /** At the measured cost per socket: the RSS the full target would take. */
      rss_mb_projected_for_target:
        perSocket === undefined || rssBefore === undefined
          ? null
          : mb(rssBefore + perSocket * settings.idleSockets),
    };
  } finally {
    await stopWorkers(workers);
    await stopServer(server, 15_000);
  }
}

type KindredResult = Awaited<ReturnType<typeof benchKindred>>['result'];
type BareResult = Awaited<ReturnType<typeof benchBare>>;
type IdleResult = Awaited<ReturnType<typeof benchIdle>>;

/** Idle sockets the goal is set for, and the RSS they must stay under. */
const IDLE_GOAL = { sockets: 50_000, rssMb: 2048 };

function targets(
  settings: ChatSettings,
  k: KindredResult,
  bare: BareResult,
  idle: IdleResult | null,
) {
  const postgres = settings.databaseUrl !== undefined;
  const list: { name: string; target: string; value: number | null; met: boolean }[] = [];
  const fixed = k.fixed_rate;
  if (postgres) {
    list.push({
      name: 'postgres_persisted_msgs_per_sec_vs_bare_relay',
      target: '>= 0.5 x the bare relay sustained rate, >= 1000 conversations',
      value: round(k.sustained.acked_per_sec / bare.sustained.acked_per_sec, 3),
      met:
        settings.conversations >= 1000 &&
        k.sustained.acked_per_sec >= 0.5 * bare.sustained.acked_per_sec,
    });
    list.push({
      name: 'postgres_persisted_msgs_per_sec_1000_conversations',
      target: '>= 3000 msg/s across >= 1000 conversations',
      value: k.sustained.acked_per_sec,
      met: settings.conversations >= 1000 && k.sustained.acked_per_sec >= 3000,
    });
    if (fixed) {
      const errors = Object.values(fixed.ack_errors).reduce((t, n) => t + n, 0);
      list.push({
        name: 'postgres_deliver_p99_ms_at_2000_msgs_per_sec',
        target:
          '<= 50 ms p99 send->deliver at 2000 msg/s offered; every message acked, none ' +
          'undelivered or duplicated, rows added = acks',
        value: fixed.deliver_ms.p99,
        met:
          fixed.offered_per_sec >= 2000 &&
          fixed.deliver_ms.p99 !== null &&
          fixed.deliver_ms.p99 <= 50 &&
          fixed.acked_ok === fixed.sent &&
          errors === 0 &&
          fixed.ack_timeouts === 0 &&
          fixed.undelivered === 0 &&
          fixed.duplicate_deliveries === 0 &&
          k.persisted_check.match,
      });
    }
  } else {
    list.push({
      name: 'pglite_persisted_msgs_per_sec',
      target: '>= 500 msg/s',
      value: k.sustained.acked_per_sec,
      met: k.sustained.acked_per_sec >= 500,
    });
  }
  const o = k.overload;
  if (o) {
    list.push({
      name: 'overload_ack_timeouts',
      target: `0 ack timeouts at 2 x sustained for ${o.seconds} s (refusals instead)`,
      value: o.ack_timeouts,
      met: o.ack_timeouts === 0 && o.undelivered === 0,
    });
    list.push({
      name: 'overload_rss_growth_mb',
      target: 'RSS growth under 200 MB during the overload',
      value: o.rss_growth_mb,
      met: o.rss_growth_mb !== null && o.rss_growth_mb < 200,
    });
    list.push({
      name: 'overload_back_under_50ms_within_s',
      target: 'send->deliver p99 back under 50 ms within 5 s after the overload stops',
      value: o.after_overload?.back_under_50ms_within_s ?? null,
      met: (o.after_overload?.back_under_50ms_within_s ?? Infinity) <= 5,
    });
  }
  if (k.two_nodes) {
    list.push({
      name: 'two_nodes_sustained_ratio',
      target: '2 nodes >= 1.6 x 1 node sustained persisted msg/s',
      value: round(k.two_nodes.sustained.acked_per_sec / k.sustained.acked_per_sec, 3),
      met: k.two_nodes.sustained.acked_per_sec >= 1.6 * k.sustained.acked_per_sec,
    });
  }
  if (idle) {
    list.push({
      name: 'idle_sockets_rss_mb',
      target: `${IDLE_GOAL.sockets} idle authenticated sockets on one node under ${IDLE_GOAL.rssMb} MB RSS`,
      value: idle.rss_mb_after_settle,
      met:
        idle.connected >= IDLE_GOAL.sockets &&
        idle.rss_mb_after_settle !== null &&
        idle.rss_mb_after_settle < IDLE_GOAL.rssMb,
    });
  }
  return list;
}

type PhaseLike = Pick<
  Merged,
  'ack_errors' | 'ack_timeouts' | 'undelivered' | 'duplicate_deliveries' | 'cpu_percent'
>;

/** Warns about failed or lost messages and a saturated machine in one phase. */
function checkPhase(label: string, p: PhaseLike, warnings: string[], lowerBound: boolean) {
  const errors = Object.values(p.ack_errors).reduce((t, n) => t + n, 0);
  if (errors > 0 || p.ack_timeouts > 0 || p.undelivered > 0 || p.duplicate_deliveries > 0) {
    warnings.push(
      `${label}: ${errors} error acks ${JSON.stringify(p.ack_errors)}, ` +
        `${p.ack_timeouts} ack timeouts, ${p.undelivered} undelivered, ` +
        `${p.duplicate_deliveries} duplicate deliveries`,
    );
  }
  const { server, clients, other } = p.cpu_percent;
  const busy = (server ?? 0) + clients + (other ?? 0);
  if (busy >= 90 * os.availableParallelism()) {
    warnings.push(
      `${label}: the machine was saturated (server ${server}%, load generators ` +
        `${clients}%, other ${other}% of one core, ${os.availableParallelism()} cores)` +
        (lowerBound ? '; the figure is a lower bound' : ''),
    );
  }
}

export async function runChatBench(settings: ChatSettings, dataDir: string, repoRoot: string) {
  const chatDir = path.join(dataDir, 'chat');
  mkdirSync(chatDir, { recursive: true });
  const warnings: string[] = [];

  const kindred = await benchKindred(settings, chatDir, repoRoot);
  log('bare relay: the same harness');
  const bare = await benchBare(settings, settings.conversations, repoRoot);
  const idle =
    settings.idleSockets > 0
      ? await benchIdle(settings, chatDir, kindred.secret, kindred.users, repoRoot)
      : null;

  const k = kindred.result;
  for (const [name, r] of [
    ['kindred', k],
    ['bare', bare],
  ] as const) {
    checkPhase(`${name} sustained`, r.sustained, warnings, name === 'bare');
    if (r.fixed_rate) {
      checkPhase(`${name} fixed_rate`, r.fixed_rate, warnings, name === 'bare');
      if (r.fixed_rate.acked_per_sec < 0.95 * settings.rate) {
        warnings.push(
          `${name}: acked ${r.fixed_rate.acked_per_sec} msg/s of ${settings.rate} offered; ` +
            'it could not keep up, so its fixed-rate latency includes a growing queue',
        );
      }
    }
  }
  if (k.two_nodes)
    checkPhase('kindred two nodes sustained', k.two_nodes.sustained, warnings, false);
  if (k.overload) {
    const o = k.overload;
    if (o.ack_timeouts > 0 || o.undelivered > 0 || o.duplicate_deliveries > 0) {
      warnings.push(
        `kindred overload: ${o.ack_timeouts} ack timeouts, ${o.undelivered} undelivered, ` +
          `${o.duplicate_deliveries} duplicate deliveries`,
      );
    }
  }
  if (!k.persisted_check.match) {
    warnings.push(
      `kindred: ${k.persisted_check.acked_ok} messages acked (and ` +
        `${k.persisted_check.acked_ok_after_phase} after their phase) but ` +
        `${k.persisted_check.rows_added} rows added to messages`,
    );
  }
  if (idle && idle.failed > 0) {
    warnings.push(`idle: ${idle.failed} sockets failed to connect (${idle.first_error})`);
  }

  return {
    settings: {
      conversations: settings.conversations,
      sockets: 2 * settings.conversations,
      load_processes: settings.workers,
      warmup_seconds: settings.warmupSeconds,
      measured_seconds: settings.durationSeconds,
      fixed_rate_per_sec: settings.rate,
      overload_seconds: settings.overloadSeconds,
      two_nodes: settings.twoNodes && settings.databaseUrl !== undefined,
      redis: settings.redisUrl !== undefined,
      idle_sockets: settings.idleSockets,
      idle_processes: settings.idleWorkers,
    },
    kindred: k,
    bare_relay: bare,
    ratio_kindred_to_bare: {
      sustained_msgs_per_sec: round(k.sustained.acked_per_sec / bare.sustained.acked_per_sec, 3),
      fixed_rate_deliver_p50:
        k.fixed_rate?.deliver_ms.p50 && bare.fixed_rate?.deliver_ms.p50
          ? round(k.fixed_rate.deliver_ms.p50 / bare.fixed_rate.deliver_ms.p50, 1)
          : null,
      fixed_rate_deliver_p99:
        k.fixed_rate?.deliver_ms.p99 && bare.fixed_rate?.deliver_ms.p99
          ? round(k.fixed_rate.deliver_ms.p99 / bare.fixed_rate.deliver_ms.p99, 1)
          : null,
    },
    scale_out: k.two_nodes
      ? {
          one_node_msgs_per_sec: k.sustained.acked_per_sec,
          two_nodes_msgs_per_sec: k.two_nodes.sustained.acked_per_sec,
          ratio: round(k.two_nodes.sustained.acked_per_sec / k.sustained.acked_per_sec, 3),
          cpu_percent_one_node: k.sustained.cpu_percent,
          cpu_percent_two_nodes: k.two_nodes.sustained.cpu_percent,
        }
      : null,
    idle_sockets: idle,
    targets: targets(settings, k, bare, idle),
    warnings,
  };
}
