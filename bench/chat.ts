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
import { postJson } from './lib/http';

export interface ChatSettings {
  conversations: number;
  workers: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Offered messages/s in the fixed-rate phase. */
  rate: number;
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
const DRAIN_MS = 30_000;
const MiB = 1024 * 1024;

const mb = (bytes: number | undefined) => (bytes === undefined ? null : round(bytes / MiB, 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Upper bound of the time the chat section may take with these settings, for the watchdog. */
export function chatBudgetSeconds(s: ChatSettings): number {
  const phases = 2 * 2 * (s.warmupSeconds + s.durationSeconds + DRAIN_MS / 1000);
  const users = (2 * s.conversations) / 10; // ≥ 10 sign-ups a second even on a slow machine
  return Math.ceil(phases + users + s.idleSockets / 100 + 300);
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
function merge(results: PhaseResult[], cpu: { server?: number; machine?: number }) {
  const sum = (pick: (r: PhaseResult) => number) => results.reduce((t, r) => t + pick(r), 0);
  const window = results[0]?.window_seconds ?? 1;
  const errors: Record<string, number> = {};
  for (const r of results) {
    for (const [code, n] of Object.entries(r.ack_errors)) errors[code] = (errors[code] ?? 0) + n;
  }
  const clientSeconds = sum((r) => r.cpu_seconds);
  const percent = (seconds: number) => round((seconds / window) * 100, 0);
  return {
    acked_per_sec: round(sum((r) => r.acked_ok_in_window) / window, 0),
    delivered_per_sec: round(sum((r) => r.delivered_in_window) / window, 0),
    sent_in_window_per_sec: round(sum((r) => r.sent_in_window) / window, 0),
    ack_ms: distribution(results.flatMap((r) => r.ack_ms)),
    deliver_ms: distribution(results.flatMap((r) => r.deliver_ms)),
    sent: sum((r) => r.sent),
    acked_ok: sum((r) => r.acked_ok),
    ack_errors: errors,
    ack_timeouts: sum((r) => r.ack_timeouts),
    undelivered: sum((r) => r.undelivered),
    duplicate_deliveries: sum((r) => r.duplicate_deliveries),
    window_seconds: window,
    cpu_percent: {
      server: cpu.server === undefined ? null : percent(cpu.server),
      clients: percent(clientSeconds),
      other:
        cpu.server === undefined || cpu.machine === undefined
          ? null
          : percent(Math.max(0, cpu.machine - cpu.server - clientSeconds)),
    },
  };
}
type Merged = ReturnType<typeof merge>;

/** Runs one phase on every worker at once, reading the server's CPU over the measured window. */
async function phase(
  workers: Worker[],
  server: ServerProcess,
  command: { type: 'closed' } | { type: 'open'; rate: number },
  settings: ChatSettings,
): Promise<Merged> {
  const warmupMs = settings.warmupSeconds * 1000;
  const measureMs = settings.durationSeconds * 1000;
  const cpu: { server?: number; machine?: number } = {};
  const snapshot = () => ({ s: processCpuSeconds(server.pid), m: machineBusyCpuSeconds() });
  let before: ReturnType<typeof snapshot> | undefined;
  const t1 = setTimeout(() => (before = snapshot()), warmupMs);
  const t2 = setTimeout(() => {
    const after = snapshot();
    if (before?.s !== undefined && after.s !== undefined) cpu.server = after.s - before.s;
    if (before?.m !== undefined && after.m !== undefined) cpu.machine = after.m - before.m;
  }, warmupMs + measureMs);
  const timeout = warmupMs + measureMs + DRAIN_MS + 30_000;
  try {
    const results = await Promise.all(
      workers.map((worker, i) =>
        resultOf(
          worker,
          command.type === 'closed'
            ? { type: 'closed', warmupMs, measureMs, drainMs: DRAIN_MS }
            : {
                type: 'open',
                // Each worker offers its share; the first takes the remainder.
                rate:
                  Math.floor(command.rate / workers.length) +
                  (i === 0 ? command.rate % workers.length : 0),
                warmupMs,
                measureMs,
                drainMs: DRAIN_MS,
              },
          'phase',
          timeout,
        ),
      ),
    );
    return merge(results, cpu);
  } finally {
    clearTimeout(t1);
    clearTimeout(t2);
  }
}

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

/** Connects both members of every conversation (spread over the workers) and runs both phases. */
async function drive(
  name: string,
  server: ServerProcess,
  slots: ConversationSlot[],
  settings: ChatSettings,
  repoRoot: string,
) {
  const workers = Array.from({ length: settings.workers }, (_, i) =>
    startWorker(`${name}-load-${i + 1}`, repoRoot),
  );
  try {
    const setup = await setUpOn(workers, 120_000, (share) => ({
      type: 'setup',
      url: server.baseUrl,
      slots: share(slots),
      // BENCH_CHAT_JOIN=0: nobody has the chat open, so every direct message notifies.
      join: process.env.BENCH_CHAT_JOIN !== '0',
      concurrency: CONNECT_CONCURRENCY,
    }));
    log(`${name}: ${setup.sockets} sockets connected and joined in ${setup.seconds} s`);
    if (setup.failed > 0)
      throw new Error(`${name}: ${setup.failed} sockets failed: ${setup.first_error}`);
    const rssAfterConnect = processRssBytes(server.pid);

    log(`${name}: closed loop, one message in flight per conversation`);
    const sustained = await phase(workers, server, { type: 'closed' }, settings);
    log(
      `${name}: ${sustained.acked_per_sec} msg/s acked, ${sustained.delivered_per_sec} delivered; ` +
        `deliver p50 ${sustained.deliver_ms.p50} ms p99 ${sustained.deliver_ms.p99} ms`,
    );
    log(`${name}: fixed rate ${settings.rate} msg/s`);
    const fixed = await phase(workers, server, { type: 'open', rate: settings.rate }, settings);
    log(
      `${name}: ${fixed.acked_per_sec} msg/s acked at ${settings.rate} offered; ` +
        `deliver p50 ${fixed.deliver_ms.p50} ms p99 ${fixed.deliver_ms.p99} ms, ` +
        `ack p99 ${fixed.ack_ms.p99} ms`,
    );
    return {
      connect: setup,
      sustained,
      fixed_rate: { offered_per_sec: settings.rate, ...fixed },
      rss_mb_after_connect: mb(rssAfterConnect),
      rss_mb_after_load: mb(processRssBytes(server.pid)),
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
  profile = false,
): Promise<ServerProcess> {
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
            REDIS_PREFIX: `kindred-bench:${randomBytes(4).toString('hex')}:`,
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

  server = await startChatNode('kindred', settings, dataDir, secret, repoRoot, true);
  const rssAfterStart = processRssBytes(server.pid);
  const slots: ConversationSlot[] = ids.map((id, i) => ({
    id,
    tokens: [users[2 * i]!.token, users[2 * i + 1]!.token],
  }));
  let result;
  try {
    result = await drive('kindred', server, slots, settings, repoRoot);
  } finally {
    await stopServer(server, 15_000);
  }

  const messagesAfter = await withDatabase(settings, dataDir, (db) => db.$count(messages));
  const acked = result.sustained.acked_ok + result.fixed_rate.acked_ok;
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
      rss_mb_after_start: mb(rssAfterStart),
      persisted_check: { acked_ok: acked, rows_added: stored, match: acked === stored },
    },
    users,
    secret,
  };
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
    const slots: ConversationSlot[] = Array.from({ length: slotsCount }, () => ({
      id: randomUUID(),
      tokens: [undefined, undefined],
    }));
    const result = await drive('bare', server, slots, settings, repoRoot);
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
    const tokens = Array.from(
      { length: settings.idleSockets },
      (_, i) => users[i % users.length]!.token,
    );
    log(`idle: ${settings.idleSockets} sockets over ${settings.idleWorkers} processes`);
    const setup = await setUpOn(workers, 300_000, (share) => ({
      type: 'idle',
      url: server.baseUrl,
      tokens: share(tokens),
      concurrency: CONNECT_CONCURRENCY,
    }));
    const rssConnected = processRssBytes(server.pid);
    // Let the node settle (handshake garbage collected, presence written), then read it again.
    await sleep(5000);
    const rssSettled = processRssBytes(server.pid);
    log(`idle: ${setup.sockets} connected in ${setup.seconds} s; RSS ${mb(rssSettled)} MB`);
    const delta =
      rssSettled !== undefined && rssBefore !== undefined ? rssSettled - rssBefore : undefined;
    return {
      target: settings.idleSockets,
      connected: setup.sockets,
      failed: setup.failed,
      first_error: setup.first_error,
      distinct_users: Math.min(users.length, settings.idleSockets),
      client_processes: settings.idleWorkers,
      connect_seconds: setup.seconds,
      rss_mb_before: mb(rssBefore),
      rss_mb_after_connect: mb(rssConnected),
      rss_mb_after_settle: mb(rssSettled),
      kb_per_socket:
        delta === undefined || setup.sockets === 0 ? null : round(delta / 1024 / setup.sockets, 1),
    };
  } finally {
    await stopWorkers(workers);
    await stopServer(server, 15_000);
  }
}

function targets(
  settings: ChatSettings,
  kindred: { sustained: Merged; fixed_rate: Merged & { offered_per_sec: number } },
  idle: { connected: number; rss_mb_after_settle: number | null } | null,
) {
  const postgres = settings.databaseUrl !== undefined;
  const list: { name: string; target: string; value: number | null; met: boolean }[] = [];
  if (postgres) {
    list.push({
      name: 'postgres_persisted_msgs_per_sec_1000_conversations',
      target: '>= 3000 msg/s across >= 1000 conversations',
      value: kindred.sustained.acked_per_sec,
      met: settings.conversations >= 1000 && kindred.sustained.acked_per_sec >= 3000,
    });
    const fixed = kindred.fixed_rate;
    list.push({
      name: 'postgres_deliver_p99_ms_at_2000_msgs_per_sec',
      target: '<= 50 ms p99 send->deliver at 2000 msg/s offered',
      value: fixed.deliver_ms.p99,
      met:
        fixed.offered_per_sec >= 2000 &&
        fixed.deliver_ms.p99 !== null &&
        fixed.deliver_ms.p99 <= 50 &&
        fixed.undelivered === 0,
    });
  } else {
    list.push({
      name: 'pglite_persisted_msgs_per_sec',
      target: '>= 500 msg/s',
      value: kindred.sustained.acked_per_sec,
      met: kindred.sustained.acked_per_sec >= 500,
    });
  }
  if (idle) {
    list.push({
      name: 'idle_sockets_rss_mb',
      target: '10000 idle authenticated sockets on one node under 1024 MB RSS',
      value: idle.rss_mb_after_settle,
      met:
        idle.connected >= 10_000 &&
        idle.rss_mb_after_settle !== null &&
        idle.rss_mb_after_settle < 1024,
    });
  }
  return list;
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
    for (const [label, p] of [
      ['sustained', r.sustained],
      ['fixed_rate', r.fixed_rate],
    ] as const) {
      const errors = Object.values(p.ack_errors).reduce((t, n) => t + n, 0);
      if (errors > 0 || p.ack_timeouts > 0 || p.undelivered > 0 || p.duplicate_deliveries > 0) {
        warnings.push(
          `${name} ${label}: ${errors} error acks ${JSON.stringify(p.ack_errors)}, ` +
            `${p.ack_timeouts} ack timeouts, ${p.undelivered} undelivered, ` +
            `${p.duplicate_deliveries} duplicate deliveries`,
        );
      }
      const { server, clients, other } = p.cpu_percent;
      const busy = (server ?? 0) + clients + (other ?? 0);
      if (busy >= 90 * os.availableParallelism()) {
        warnings.push(
          `${name} ${label}: the machine was saturated (server ${server}%, load generators ` +
            `${clients}%, other ${other}% of one core, ${os.availableParallelism()} cores)` +
            (name === 'bare' ? '; the bare figure is a lower bound' : ''),
        );
      }
    }
    if (r.fixed_rate.acked_per_sec < 0.95 * settings.rate) {
      warnings.push(
        `${name}: acked ${r.fixed_rate.acked_per_sec} msg/s of ${settings.rate} offered; ` +
          'it could not keep up, so its fixed-rate latency includes a growing queue',
      );
    }
  }
  if (!k.persisted_check.match) {
    warnings.push(
      `kindred: ${k.persisted_check.acked_ok} messages acked but ${k.persisted_check.rows_added} ` +
        'rows added to messages',
    );
  }
  if (idle && idle.failed > 0) warnings.push(`idle: ${idle.failed} sockets failed to connect`);

  return {
    settings: {
      conversations: settings.conversations,
      sockets: 2 * settings.conversations,
      load_processes: settings.workers,
      warmup_seconds: settings.warmupSeconds,
      measured_seconds: settings.durationSeconds,
      fixed_rate_per_sec: settings.rate,
      redis: settings.redisUrl !== undefined,
      idle_sockets: settings.idleSockets,
      idle_processes: settings.idleWorkers,
    },
    kindred: k,
    bare_relay: bare,
    ratio_kindred_to_bare: {
      sustained_msgs_per_sec: round(k.sustained.acked_per_sec / bare.sustained.acked_per_sec, 3),
      fixed_rate_deliver_p50:
        k.fixed_rate.deliver_ms.p50 !== null && bare.fixed_rate.deliver_ms.p50
          ? round(k.fixed_rate.deliver_ms.p50 / bare.fixed_rate.deliver_ms.p50, 1)
          : null,
      fixed_rate_deliver_p99:
        k.fixed_rate.deliver_ms.p99 !== null && bare.fixed_rate.deliver_ms.p99
          ? round(k.fixed_rate.deliver_ms.p99 / bare.fixed_rate.deliver_ms.p99, 1)
          : null,
    },
    idle_sockets: idle,
    targets: targets(settings, k, idle),
    warnings,
  };
}
