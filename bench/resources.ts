/**
 * The library part of `npm run bench` (see bench/README.md): GET /api/v1/resources?q=… on one
 * Kindred node with `BENCH_RESOURCES_COUNT` published resources inserted directly into the
 * database, under the same autocannon harness as the other sections.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type autocannon from 'autocannon';
import { openDatabase, sql } from '../apps/server/src/db/client';
import { resources } from '../apps/server/src/db/schema';
import { markdownToText, searchConfigOf } from '../apps/server/src/features/resources';
import { signUpSharer } from './lib/http';
import { NO_LIMIT, startKindred } from './lib/kindred';
import { type EndpointSettings, type LoadResult, measure } from './lib/load';
import { log, stopServer } from './lib/processes';
import { round, seeded } from './lib/stats';

export interface ResourcesSettings extends EndpointSettings {
  /** Published resources inserted before the node starts. */
  count: number;
}

const API = '/api/v1';
const INSERT_BATCH = 250;
const TARGET_P99_MS = 20;
const TARGET_COUNT = 10_000;

const TOPICS = ['anxiety', 'stress', 'panic', 'sleep', 'loneliness', 'relationships', 'grief'];
/**
 * The library's own words (what people search for): each appears in about 3% of the generated
 * resources, as a word does in a real library, where "breathing" is in a few pieces, not all.
 */
const DOMAIN = (
  'breathe breathing calm slowly anxiety panic attack sleep night worry racing friend support ' +
  'listener grounding senses heart chest shoulders gentle lonely loneliness connection family ' +
  'stress tired routine notebook thoughts feelings crisis hope exercise supporting'
).split(' ');
const SPANISH = 'respirar calma ansiedad dormir noche amigo ayuda hablar miedo cuerpo'.split(' ');
const SYLLABLES = 'ka lo mi ne ru sa te vi do pe an or el is un ta ri mo le su'.split(' ');

/** Filler vocabulary: 4,000 made-up words, drawn with a Zipf distribution like real text. */
function fillerWords(random: () => number): { draw: () => string } {
  const words = new Set<string>();
  while (words.size < 4000) {
    const n = 2 + Math.floor(random() * 3);
    words.add(
      Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''),
    );
  }
  // None starts like one of the library's words, so a prefix search measures those words.
  const list = [...words].filter((w) => !DOMAIN.some((d) => w.startsWith(d.slice(0, 4))));
  const weights = list.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return {
    draw: () => {
      const x = random();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return list[lo]!;
    },
  };
}

/** Search queries people type: single words, phrases, prefixes as they type, one misspelling. */
const QUERIES = [
  'breathing',
  'panic attack',
  'sleep',
  'anxi',
  'lonely',
  'grounding exercise',
  'supporting a friend',
  'worry at night',
  'calm',
  'heart racing',
  'breathign',
];

/** One published article: a title, a summary and ~250 words of Markdown, mostly English. */
function resourceRow(
  random: () => number,
  filler: { draw: () => string },
  i: number,
): typeof resources.$inferInsert {
  const spanish = random() < 0.1;
  const domain = spanish ? SPANISH : DOMAIN;
  const words = (n: number) => Array.from({ length: n }, () => filler.draw());
  // Each of the library's words shows up in about 3% of resources, somewhere in them.
  const text = words(280);
  for (const word of domain) if (random() < 0.03) text[Math.floor(random() * text.length)] = word;
  const title = [...text.slice(0, 4), String(i)].join(' ');
  const summary = text.slice(4, 22).join(' ');
  const paragraphs = Array.from(
    { length: 5 },
    (_, p) => `${text.slice(22 + p * 50, 72 + p * 50).join(' ')}.`,
  );
  const body = `## ${text.slice(272, 275).join(' ')}\n\n${paragraphs.join('\n\n')}`;
  const language = spanish ? 'es' : 'en';
  const publishedAt = new Date(Date.now() - Math.floor(random() * 365 * 86_400_000));
  return {
    type: random() < 0.8 ? 'article' : 'audio',
    status: 'published',
    title,
    summary,
    body,
    plainBody: markdownToText(body),
    topics: [TOPICS[Math.floor(random() * TOPICS.length)]!],
    language,
    searchConfig: searchConfigOf(language),
    byTeam: true,
    viewCount: Math.floor(random() * 500),
    publishedAt,
    createdAt: publishedAt,
    updatedAt: publishedAt,
  };
}

/** Inserts the resources with the node stopped (PGlite is single-user), then ANALYZE. */
async function insertResources(settings: ResourcesSettings, dataDir: string) {
  const database = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir });
  try {
    const { db } = database;
    const random = seeded(20_251_205);
    const filler = fillerWords(random);
    const started = performance.now();
    for (let from = 0; from < settings.count; from += INSERT_BATCH) {
      const batch = [];
      for (let i = from; i < Math.min(settings.count, from + INSERT_BATCH); i++) {
        batch.push(resourceRow(random, filler, i));
      }
      await db.insert(resources).values(batch);
    }
    await db.execute(sql`analyze`);
    const counted = (await db.execute(
      sql`select count(*)::int as n from resources where status = 'published' and deleted_at is null`,
    )) as unknown as { rows: { n: number }[] };
    return {
      seconds: round((performance.now() - started) / 1000, 1),
      published: counted.rows[0]?.n ?? null,
    };
  } finally {
    await database.close();
  }
}

/** Upper bound of the time this section may take, for the watchdog. */
export function resourcesBudgetSeconds(s: ResourcesSettings): number {
  return Math.ceil(2 * (s.warmupSeconds + s.durationSeconds) + s.count / 50 + 300);
}

export async function runResourcesBench(
  settings: ResourcesSettings,
  dataDir: string,
  repoRoot: string,
) {
  const dir = path.join(dataDir, 'resources');
  mkdirSync(dir, { recursive: true });
  const warnings: string[] = [];
  log(`resources: inserting ${settings.count} resources`);
  const inserted = await insertResources(settings, dir);
  log(`resources: inserted in ${inserted.seconds} s (${inserted.published} published)`);

  const server = await startKindred({
    name: 'kindred-resources',
    dataDir: dir,
    repoRoot,
    databaseUrl: settings.databaseUrl,
    cpuProfileDir: settings.cpuProfileDir,
    env: { RATE_LIMIT_AUTH_PER_MIN: NO_LIMIT },
  });
  const found: Record<string, number> = {};
  let non2xx = 0;
  let fuzzy = 0;
  const runs: Record<string, LoadResult & { connections: number }> = {};
  try {
    const token = await signUpSharer(server.baseUrl, 'reader');
    const requests: autocannon.Request[] = QUERIES.map((q) => ({
      method: 'GET',
      path: `${API}/resources?q=${encodeURIComponent(q)}`,
      onResponse: (status: number, body: string) => {
        if (status !== 200) {
          non2xx++;
          return;
        }
        const parsed = JSON.parse(body) as { resources: unknown[]; fuzzy: boolean };
        found[q] = parsed.resources.length;
        if (parsed.fuzzy) fuzzy++;
      },
    }));
    const target = {
      url: `${server.baseUrl}${API}/resources`,
      headers: { authorization: `Bearer ${token}` },
      requests,
      pid: server.pid,
    };
    for (const [label, connections] of [
      ['saturated', settings.connections],
      ['latency', settings.latencyConnections],
    ] as const) {
      const result = await measure(target, {
        connections,
        durationSeconds: settings.durationSeconds,
        warmupSeconds: settings.warmupSeconds,
      });
      const { p50, p90, p99 } = result.latency_ms;
      log(
        `resources q= (${label}, ${connections} conn.): ${result.requests_per_sec} req/s, ` +
          `p50 ${p50} p90 ${p90} p99 ${p99} ms`,
      );
      runs[label] = { connections, ...result };
    }
  } finally {
    await stopServer(server, 15_000);
  }
  const empty = Object.entries(found).filter(([, n]) => n === 0);
  if (empty.length > 0)
    warnings.push(`queries that found nothing: ${empty.map(([q]) => q).join(', ')}`);
  if (non2xx > 0) warnings.push(`${non2xx} non-2xx responses`);
  const p99 = runs.latency?.latency_ms.p99 ?? Infinity;
  const postgres = settings.databaseUrl !== undefined;
  return {
    settings: {
      resources_inserted: settings.count,
      published_in_database: inserted.published,
      insert_seconds: inserted.seconds,
      queries: QUERIES,
      page_size: 20,
    },
    runs,
    results_per_query: found,
    fuzzy_responses: fuzzy,
    targets: [
      {
        name: `${postgres ? 'postgres' : 'pglite'}_resources_search_p99_ms_${TARGET_COUNT}`,
        target:
          `<= ${TARGET_P99_MS} ms p99 with >= ${TARGET_COUNT} resources ` +
          `(latency run, ${settings.latencyConnections} connection)` +
          (postgres ? '' : ' — the goal is set for PostgreSQL; PGlite is reported'),
        value: p99,
        met: settings.count >= TARGET_COUNT && p99 <= TARGET_P99_MS,
      },
    ],
    warnings,
  };
}
