/**
 * The matching part of `npm run bench` (see bench/README.md): POST /api/v1/match/find-listeners
 * on one Kindred node with `BENCH_MATCH_LISTENERS` listeners inserted directly into the database,
 * one measurement per request body shape under the same autocannon harness as the HTTP section.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type autocannon from 'autocannon';
import { sql } from '../apps/server/src/db/client';
import { type EndpointSettings, type LoadResult, type LoadSettings, measure } from './lib/load';
import { log, type ServerProcess, stopServer } from './lib/processes';
import { NO_LIMIT, startKindred } from './lib/kindred';
import { round, seeded } from './lib/stats';
import { openDatabase } from '../apps/server/src/db/client';
import { type NewUserRow, users } from '../apps/server/src/db/schema';
import { postJson, signUpSharer } from './lib/http';

export interface MatchSettings extends EndpointSettings {
  /** Listeners inserted into the database before the node starts. */
  listeners: number;
}

const API = '/api/v1';
const FIND = `${API}/match/find-listeners`;
const INSERT_BATCH = 500;
const MAX_MATCHES = 3;
const TARGET_P99_MS = 20;
const TARGET_LISTENERS = 10_000;

/** About twenty topics, lower-case like the demo listeners' and the web app's suggestions. */
const TOPICS = [
  'anxiety',
  'stress',
  'depression',
  'loneliness',
  'relationships',
  'grief',
  'family',
  'work',
  'school',
  'burnout',
  'self-esteem',
  'sleep',
  'health',
  'parenting',
  'breakup',
  'identity',
  'addiction',
  'trauma',
  'money',
  'motivation',
] as const;
const HOBBIES = ['music', 'art', 'gaming', 'reading', 'nature', 'sports', 'cooking', 'travel'];

interface FindBody {
  topic?: string;
  language?: string;
  preferred_min_rating?: number;
}

/** The body shapes, each a list of bodies every connection cycles through. */
const SHAPES: { name: string; bodies: FindBody[] }[] = [
  { name: 'topic', bodies: TOPICS.map((topic) => ({ topic })) },
  {
    name: 'topic_language',
    bodies: TOPICS.map((topic, i) => ({
      topic,
      language: ['English', 'English', 'Spanish', 'english', 'French', 'English', 'German'][i % 7],
    })),
  },
  {
    name: 'topic_language_min_rating',
    bodies: TOPICS.map((topic, i) => ({
      topic,
      language: ['English', 'Spanish', 'English', 'French', 'English', 'German'][i % 6],
      preferred_min_rating: [3.5, 4, 4.5][i % 3],
    })),
  },
  { name: 'empty', bodies: [{}] },
];

/** Upper bound of the time the matching section may take with these settings, for the watchdog. */
export function matchBudgetSeconds(s: MatchSettings): number {
  const runs = SHAPES.length * 2 * (s.warmupSeconds + s.durationSeconds);
  return Math.ceil(runs + s.listeners / 100 + 300);
}

function pickDistinct<T>(random: () => number, from: readonly T[], count: number): T[] {
  const pool = [...from];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  }
  return picked;
}

/** Pseudonyms of the listeners inserted as away (no socket): a match with one is a violation. */
const AWAY_PREFIX = 'Away';

/** One listener row: availability, topics, languages, rating and experience all vary. */
function listenerRow(random: () => number, tag: string, i: number): NewUserRow {
  const languages: string[] = [];
  if (random() < 0.85) languages.push('English');
  for (const [language, share] of [
    ['Spanish', 0.15],
    ['French', 0.08],
    ['German', 0.06],
  ] as const) {
    if (random() < share) languages.push(language);
  }
  if (languages.length === 0) languages.push('Spanish');
  const topics = pickDistinct(random, TOPICS, 1 + Math.floor(random() * 3));
  const interests = pickDistinct(
    random,
    [...TOPICS, ...HOBBIES].filter((t) => !(topics as string[]).includes(t)),
    Math.floor(random() * 4),
  );
  const available = random() < 0.8;
  // Matching offers only listeners with a connected socket: `away_since` null is how the server
  // marks one present (socketConnected). One available listener in ten has been away for a
  // minute, as if their tab closed, and must never be offered (their pseudonym says so).
  const away = available && random() < 0.1;
  return {
    email: `bench-match-${tag}-${i}@example.org`,
    passwordHash: null, // these listeners never sign in
    pseudonym: `${away ? AWAY_PREFIX : 'L'}${tag}_${i}`,
    bio: `Bench listener ${i}: happy to talk about ${topics.join(', ')}.`,
    roles: ['listener'],
    // Approved, as listeners must be before sharers are offered them (LISTENER_APPROVAL).
    listenerStatus: 'approved',
    interests,
    languages,
    listenerAvailability: available ? 'available' : 'unavailable',
    awaySince: away ? new Date(Date.now() - 60_000) : null,
    listenerTopics: topics,
    listenerRating: random() < 0.15 ? null : round(3 + random() * 2, 1),
    listenerTotalChats: Math.floor(random() * 301),
  };
}

/** Inserts the listeners in batches with the node stopped (PGlite is single-user), then ANALYZE. */
async function insertListeners(settings: MatchSettings, dataDir: string) {
  const database = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir });
  try {
    const { db } = database;
    const random = seeded(20_240_601);
    const tag = randomBytes(3).toString('hex');
    const started = performance.now();
    for (let from = 0; from < settings.listeners; from += INSERT_BATCH) {
      const batch: NewUserRow[] = [];
      for (let i = from; i < Math.min(settings.listeners, from + INSERT_BATCH); i++) {
        batch.push(listenerRow(random, tag, i));
      }
      await db.insert(users).values(batch);
    }
    // What autovacuum would do shortly after a bulk load: planner statistics for the new rows.
    await db.execute(sql`analyze`);
    const seconds = round((performance.now() - started) / 1000, 1);
    const counts = await db.execute<{ listeners: number; available: number }>(
      sql`select count(*)::int as listeners,
        (count(*) filter (where listener_availability = 'available' and is_active
          and away_since is null))::int as available
        from users where 'listener' = any(roles)`,
    );
    // node-postgres returns { rows }, PGlite { rows } too; both through drizzle's execute.
    const row = (counts as unknown as { rows: { listeners: number; available: number }[] }).rows[0];
    return {
      seconds,
      listenersInDatabase: row?.listeners ?? null,
      availableInDatabase: row?.available ?? null,
    };
  } finally {
    await database.close();
  }
}

/** What the responses said, over every request of a shape (warm-ups and measured runs). */
interface Tally {
  responses_2xx: number;
  responses_other: number;
  /** How many 2xx responses had 0, 1, 2, 3 matches. */
  matches_count: Record<string, number>;
  more_than_3: number;
  unparsable: number;
  /** A match whose languages or rating contradict the filter that was sent. */
  filter_violations: number;
  /** A match who was inserted as away (no connected socket): matching must leave them out. */
  away_offered: number;
  first_problem: string | null;
}

function newTally(): Tally {
  return {
    responses_2xx: 0,
    responses_other: 0,
    matches_count: { '0': 0, '1': 0, '2': 0, '3': 0 },
    more_than_3: 0,
    unparsable: 0,
    filter_violations: 0,
    away_offered: 0,
    first_problem: null,
  };
}

interface MatchJson {
  pseudonym?: string;
  languages?: string[];
  listener_rating?: number | null;
}

function record(tally: Tally, sent: FindBody, status: number, body: string): void {
  const problem = (what: string) => {
    tally.first_problem ??= `${what}: ${JSON.stringify(sent)} -> HTTP ${status} ${body.slice(0, 300)}`;
  };
  if (status < 200 || status >= 300) {
    tally.responses_other++;
    problem('non-2xx');
    return;
  }
  tally.responses_2xx++;
  let matches: MatchJson[];
  try {
    const parsed = JSON.parse(body) as { matches?: unknown };
    if (!Array.isArray(parsed.matches)) throw new Error('no matches array');
    matches = parsed.matches as MatchJson[];
  } catch {
    tally.unparsable++;
    problem('unparsable');
    return;
  }
  if (matches.length > MAX_MATCHES) {
    tally.more_than_3++;
    problem('more than 3 matches');
  } else {
    const key = String(matches.length);
    tally.matches_count[key] = (tally.matches_count[key] ?? 0) + 1;
  }
  const language = sent.language?.toLowerCase();
  const minRating = sent.preferred_min_rating;
  for (const m of matches) {
    const languageOk =
      language === undefined || (m.languages ?? []).some((l) => l.toLowerCase() === language);
    const ratingOk =
      minRating === undefined ||
      (typeof m.listener_rating === 'number' && m.listener_rating >= minRating);
    if (!languageOk || !ratingOk) {
      tally.filter_violations++;
      problem('filter violated');
    }
    if (m.pseudonym?.startsWith(AWAY_PREFIX)) {
      tally.away_offered++;
      problem('a listener with no connection offered');
    }
  }
}

function startMatchNode(settings: MatchSettings, dataDir: string, repoRoot: string) {
  return startKindred({
    name: 'kindred-match',
    dataDir,
    repoRoot,
    databaseUrl: settings.databaseUrl,
    cpuProfileDir: settings.cpuProfileDir,
    env: { RATE_LIMIT_AUTH_PER_MIN: NO_LIMIT, RATE_LIMIT_MESSAGES_PER_MIN: NO_LIMIT },
  });
}

function describe(name: string, result: LoadResult): string {
  const { p50, p90, p99 } = result.latency_ms;
  const cpu = result.cpu_percent;
  return (
    `${name}: ${result.requests_per_sec} req/s, p50 ${p50} p90 ${p90} p99 ${p99} ms; CPU % of a ` +
    `core: server ${cpu.server ?? '?'}, client ${cpu.client}, other ${cpu.other ?? '?'}`
  );
}

/** One shape: a saturating run, then a latency run with few connections. */
async function benchShape(
  server: ServerProcess,
  token: string,
  shape: (typeof SHAPES)[number],
  settings: MatchSettings,
) {
  const tally = newTally();
  const requests: autocannon.Request[] = shape.bodies.map((body) => ({
    method: 'POST',
    body: JSON.stringify(body),
    onResponse: (status: number, text: string) => record(tally, body, status, text),
  }));
  const target = {
    url: `${server.baseUrl}${FIND}`,
    method: 'POST' as const,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests,
    pid: server.pid,
  };
  const run = async (label: string, connections: number) => {
    const load: LoadSettings = {
      connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
    };
    const result = await measure(target, load);
    log(describe(`find_listeners ${shape.name} (${label}, ${connections} conn.)`, result));
    return { connections, ...result };
  };
  const saturated = await run('saturated', settings.connections);
  const latency = await run('latency', settings.latencyConnections);
  return {
    bodies: shape.bodies.length,
    example_body: shape.bodies[0] ?? {},
    saturated,
    latency,
    responses: tally,
  };
}
type ShapeResult = Awaited<ReturnType<typeof benchShape>>;

export async function runMatchBench(settings: MatchSettings, dataDir: string, repoRoot: string) {
  const matchDir = path.join(dataDir, 'match');
  mkdirSync(matchDir, { recursive: true });
  const warnings: string[] = [];
  const postgres = settings.databaseUrl !== undefined;

  log(`find_listeners: inserting ${settings.listeners} listeners`);
  const inserted = await insertListeners(settings, matchDir);
  log(
    `find_listeners: inserted in ${inserted.seconds} s; ${inserted.availableInDatabase} ` +
      `available and connected of ${inserted.listenersInDatabase} listeners in the database`,
  );

  const server = await startMatchNode(settings, matchDir, repoRoot);
  const shapes: Record<string, ShapeResult> = {};
  try {
    const token = await signUpSharer(server.baseUrl, 'sharer');
    // Fail early, with the server's answer, if a shape does not work at all.
    for (const shape of SHAPES) {
      const first = await postJson(`${server.baseUrl}${FIND}`, shape.bodies[0] ?? {}, {
        authorization: `Bearer ${token}`,
      });
      if (first.status !== 200) {
        throw new Error(`${shape.name}: HTTP ${first.status} ${JSON.stringify(first.json)}`);
      }
    }
    for (const shape of SHAPES)
      shapes[shape.name] = await benchShape(server, token, shape, settings);
  } finally {
    await stopServer(server, 15_000);
  }

  const all = Object.values(shapes);
  const nonSuccess = all.reduce(
    (t, s) => t + s.saturated.non_2xx + s.latency.non_2xx + s.responses.responses_other,
    0,
  );
  const failures = all.reduce((t, s) => t + s.saturated.errors + s.latency.errors, 0);
  const timeouts = all.reduce((t, s) => t + s.saturated.timeouts + s.latency.timeouts, 0);
  const broken = all.reduce(
    (t, s) =>
      t +
      s.responses.more_than_3 +
      s.responses.unparsable +
      s.responses.filter_violations +
      s.responses.away_offered,
    0,
  );
  const checked = all.reduce((t, s) => t + s.responses.responses_2xx, 0);
  for (const [name, s] of Object.entries(shapes)) {
    if (s.responses.first_problem) warnings.push(`${name}: ${s.responses.first_problem}`);
    const empty = s.responses.matches_count['0'] ?? 0;
    if (empty > 0) {
      warnings.push(`${name}: ${empty} of ${s.responses.responses_2xx} searches found nobody`);
    }
    for (const [label, r] of [
      ['saturated', s.saturated],
      ['latency', s.latency],
    ] as const) {
      if (r.cpu_percent.client >= 90) {
        warnings.push(
          `${name} ${label}: the load generator used ${r.cpu_percent.client}% of a core; ` +
            'that requests/s is a lower bound',
        );
      }
      if (!postgres && r.cpu_percent.other !== null && r.cpu_percent.other >= 25) {
        warnings.push(
          `${name} ${label}: other processes used ${r.cpu_percent.other}% of a core; ` +
            'the machine was not quiet, so expect noise',
        );
      }
    }
  }
  if (nonSuccess > 0 || failures > 0) {
    warnings.push(
      `${nonSuccess} non-2xx responses and ${failures} errors, of which ${timeouts} are ` +
        'requests the client gave up on after 10 s (its latency figures leave them out)',
    );
  }

  const worst = (pick: (s: ShapeResult) => number) => Math.max(...all.map(pick));
  const latencyP99 = worst((s) => s.latency.latency_ms.p99);
  const saturatedP99 = worst((s) => s.saturated.latency_ms.p99);
  return {
    settings: {
      listeners_inserted: settings.listeners,
      listeners_in_database: inserted.listenersInDatabase,
      available_listeners_in_database: inserted.availableInDatabase,
      insert_seconds: inserted.seconds,
      saturated_connections: settings.connections,
      latency_connections: settings.latencyConnections,
      warmup_seconds: settings.warmupSeconds,
      measured_seconds: settings.durationSeconds,
    },
    shapes,
    check: {
      responses_2xx_checked: checked,
      every_2xx_at_most_3_matches: all.every(
        (s) => s.responses.more_than_3 === 0 && s.responses.unparsable === 0,
      ),
      filter_violations: all.reduce((t, s) => t + s.responses.filter_violations, 0),
      away_listeners_offered: all.reduce((t, s) => t + s.responses.away_offered, 0),
      non_2xx: nonSuccess,
      errors: failures,
      timeouts,
      ok: nonSuccess === 0 && failures === 0 && broken === 0 && checked > 0,
    },
    summary: {
      worst_latency_p99_ms: latencyP99,
      worst_saturated_p99_ms: saturatedP99,
      lowest_saturated_requests_per_sec: Math.min(...all.map((s) => s.saturated.requests_per_sec)),
    },
    targets: postgres
      ? [
          {
            name: 'postgres_find_listeners_p99_ms_10000_listeners',
            target:
              `<= ${TARGET_P99_MS} ms p99 for every body shape with >= ${TARGET_LISTENERS} ` +
              `listeners (latency runs, ${settings.latencyConnections} connection(s))`,
            value: latencyP99,
            met: settings.listeners >= TARGET_LISTENERS && latencyP99 <= TARGET_P99_MS,
          },
        ]
      : [],
    warnings,
  };
}
