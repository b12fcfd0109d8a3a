import { and, eq, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { type ResourceRow, resources, resourceWords, users } from '../../db/schema';
import { insertRow, updateRow, valuesInUse } from '../../lib/rows';
import { type Cursor, HIGHLIGHT_START, HIGHLIGHT_STOP } from './search';

/** A resource with its author's pseudonym (null once the account is gone). */
export interface ResourceWithAuthor extends ResourceRow {
  authorPseudonym: string | null;
}
/** A row of a list: with a headline when it came from a text search. */
export interface ListedResource extends ResourceWithAuthor {
  headline: string | null;
}

const live = isNull(resources.deletedAt);

export const insertResource = (db: Executor, values: typeof resources.$inferInsert) =>
  insertRow(db, resources, values);

/** A resource that is not deleted, with its author's pseudonym. */
export async function findResource(
  db: Executor,
  id: string,
): Promise<ResourceWithAuthor | undefined> {
  const [row] = await db
    .select({ resource: resources, authorPseudonym: users.pseudonym })
    .from(resources)
    .leftJoin(users, eq(users.id, resources.authorId))
    .where(and(eq(resources.id, id), live))
    .limit(1);
  return row && { ...row.resource, authorPseudonym: row.authorPseudonym };
}

/** Changes a live resource; undefined when it is gone (or `where` no longer holds). */
export function updateResource(
  db: Executor,
  id: string,
  values: Partial<typeof resources.$inferInsert>,
  where?: SQL,
): Promise<ResourceRow | undefined> {
  return updateRow(db, resources, values, and(eq(resources.id, id), live, where));
}

/** Published, live resources by id (the cards of shared resources). */
export function findPublished(db: Executor, ids: string[]): Promise<ResourceRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(resources)
    .where(and(inArray(resources.id, ids), eq(resources.status, 'published'), live));
}

export interface ListFilters {
  type?: string;
  topic?: string;
  language?: string;
  /** Published resources (everyone), or an editor's scope. */
  scope:
    | { kind: 'published' }
    | { kind: 'author'; authorId: string; status?: string }
    | { kind: 'status'; status: string };
}

export interface TextMatch {
  /** `to_tsquery` text, and the configurations to match it in. */
  tsquery: string;
  configs: string[];
}

type Order = 'relevance' | 'newest' | 'popular' | 'review' | 'updated';

/** Options of ts_headline: short passages, at most two, the matched words between control marks. */
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * One page of resources: filtered, optionally matched against a text query (in each
 * configuration the documents use), ordered, from the cursor on; `limit + 1` rows so the caller
 * knows whether more follow. A text match brings its headline (computed for the page only).
 */
export async function listResources(
  db: Executor,
  options: {
    filters: ListFilters;
    match?: TextMatch;
    order: Order;
    cursor?: Cursor;
    limit: number;
  },
): Promise<ListedResource[]> {
  const { filters, match, order, cursor, limit } = options;
  const where: SQL[] = [sql`r.deleted_at is null`];
  const scope = filters.scope;
  if (scope.kind === 'published') where.push(sql`r.status = 'published'`);
  if (scope.kind === 'author') {
    where.push(sql`r.author_id = ${scope.authorId}`);
    if (scope.status) where.push(sql`r.status = ${scope.status}`);
  }
  if (scope.kind === 'status') where.push(sql`r.status = ${scope.status}`);
  if (filters.type) where.push(sql`r.type = ${filters.type}`);
  if (filters.topic) where.push(sql`r.topics @> array[${filters.topic}]::text[]`);
  if (filters.language) where.push(sql`r.language = ${filters.language}`);

  // Each configuration's query is a constant, so the GIN index answers every arm; a resource
  // is matched and ranked only with the query in its own language's configuration.
  const queries = match
    ? sql.join(
        match.configs.map((c) => sql`(${c}, to_tsquery(${c}::regconfig, ${match.tsquery}))`),
        sql`, `,
      )
    : undefined;
  const from = queries
    ? sql`resources r join (values ${queries}) as q(config, query)
        on r.search_config = q.config and r.search_vector @@ q.query`
    : sql`resources r`;
  const rank = queries
    ? sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', r.search_vector, q.query)`
    : sql`0::real`;

  let orderBy: SQL;
  let offset = 0;
  switch (order) {
    case 'relevance':
      orderBy = sql`rank desc, r.view_count desc, r.id`;
      break;
    case 'newest':
      orderBy = sql`r.published_at desc nulls last, r.id desc`;
      break;
    case 'popular':
      orderBy = sql`r.view_count desc, r.id desc`;
      break;
    case 'review':
      orderBy = sql`r.submitted_at asc nulls last, r.id`;
      break;
    case 'updated':
      orderBy = sql`r.updated_at desc, r.id desc`;
      break;
  }
  if (cursor?.kind === 'offset') offset = cursor.offset;
  if (cursor?.kind === 'newest' && order === 'newest')
    where.push(sql`(r.published_at, r.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  if (cursor?.kind === 'popular' && order === 'popular')
    where.push(sql`(r.view_count, r.id) < (${cursor.views}::int, ${cursor.id}::uuid)`);

  const headline = queries
    ? sql`ts_headline(p.search_config::regconfig, p.summary || E'\\n' || p.plain_body,
        h.query, ${HEADLINE_OPTIONS})`
    : sql`null::text`;
  // The ranking and ordering carry only the keys (narrow rows sort faster); the page's rows are
  // read whole, and quoted, afterwards.
  const result = (await db.execute(sql`
    with hits as (
      select r.id, ${rank} as rank${queries ? sql`, q.query` : sql``}
      from ${from}
      where ${sql.join(where, sql` and `)}
      order by ${orderBy}
      limit ${limit + 1} offset ${offset}
    )
    select ${listColumns('p')}, h.rank, u.pseudonym as author_pseudonym, ${headline} as headline
    from hits h join resources p on p.id = h.id left join users u on u.id = p.author_id
    order by ${orderByPage(order)}
  `)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map(toListed);
}

/**
 * The columns a list shows: not the body, its plain text or the search vector (kilobytes each,
 * which only the detail and the snippet need).
 */
export const listColumns = (alias: string) =>
  sql.raw(
    [
      'id',
      'type',
      'status',
      'title',
      'summary',
      'url',
      'topics',
      'language',
      'search_config',
      'author_id',
      'by_team',
      'featured',
      'rejection_reason',
      'reviewed_by',
      'reviewed_at',
      'submitted_at',
      'published_at',
      'file_storage_name',
      'file_mime_type',
      'file_size_bytes',
      'file_name',
      'duration_seconds',
      'pages',
      'view_count',
      'download_count',
      'created_at',
      'updated_at',
      'deleted_at',
    ]
      .map((c) => `${alias}.${c}`)
      .join(', '),
  );

/** The page's own order, by the same keys the inner query used. */
function orderByPage(order: Order): SQL {
  switch (order) {
    case 'relevance':
      return sql`h.rank desc, p.view_count desc, p.id`;
    case 'newest':
      return sql`p.published_at desc nulls last, p.id desc`;
    case 'popular':
      return sql`p.view_count desc, p.id desc`;
    case 'review':
      return sql`p.submitted_at asc nulls last, p.id`;
    case 'updated':
      return sql`p.updated_at desc, p.id desc`;
  }
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A raw row (snake_case) of `resources` plus the list's extra columns, typed. */
export function toListed(r: Record<string, unknown>): ListedResource {
  return {
    id: r.id as string,
    type: r.type as ResourceRow['type'],
    status: r.status as ResourceRow['status'],
    title: r.title as string,
    summary: r.summary as string,
    body: (r.body as string | null | undefined) ?? null,
    plainBody: (r.plain_body as string | undefined) ?? '',
    url: (r.url as string | null) ?? null,
    topics: parseTextArray(r.topics),
    language: r.language as string,
    searchConfig: r.search_config as string,
    searchVector: null,
    authorId: (r.author_id as string | null) ?? null,
    byTeam: Boolean(r.by_team),
    featured: Boolean(r.featured),
    rejectionReason: (r.rejection_reason as string | null) ?? null,
    reviewedBy: (r.reviewed_by as string | null) ?? null,
    reviewedAt: date(r.reviewed_at),
    submittedAt: date(r.submitted_at),
    publishedAt: date(r.published_at),
    fileStorageName: (r.file_storage_name as string | null) ?? null,
    fileMimeType: (r.file_mime_type as string | null) ?? null,
    fileSizeBytes: int(r.file_size_bytes),
    fileName: (r.file_name as string | null) ?? null,
    durationSeconds: int(r.duration_seconds),
    pages: int(r.pages),
    viewCount: Number(r.view_count),
    downloadCount: Number(r.download_count),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
    deletedAt: date(r.deleted_at),
    authorPseudonym: (r.author_pseudonym as string | null) ?? null,
    headline: (r.headline as string | null) ?? null,
  };
}

/** `text[]` comes back as an array from both drivers, or as '{a,b}' text from raw queries. */
function parseTextArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value !== 'string' || value === '{}') return [];
  return value
    .slice(1, -1)
    .match(/("([^"\\]|\\.)*"|[^,]+)/g)!
    .map((item) => (item.startsWith('"') ? item.slice(1, -1).replace(/\\(.)/g, '$1') : item));
}

/** The text-search configurations published resources use (few: one per language). */
export async function configsInUse(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ config: resources.searchConfig })
    .from(resources)
    .where(and(eq(resources.status, 'published'), live));
  return rows.map((r) => r.config);
}

/**
 * Known words that look like this one (trigram similarity, at least 0.3): "anxeity" →
 * "anxiety". The typo fallback searches with them when the words as typed found nothing.
 */
export async function similarWords(db: Executor, word: string, max = 3): Promise<string[]> {
  const result = (await db.execute(sql`
    select word from ${resourceWords}
    where word % ${word} and word <> ${word}
    order by similarity(word, ${word}) desc, word
    limit ${max}
  `)) as unknown as { rows: { word: string }[] };
  return result.rows.map((r) => r.word);
}

/** Soft-deleted resources whose grace period is over, with their files. */
export function deletedBefore(db: Executor, cutoff: Date, max = 100) {
  return db
    .select({ id: resources.id, fileStorageName: resources.fileStorageName })
    .from(resources)
    .where(and(isNotNull(resources.deletedAt), lt(resources.deletedAt, cutoff)))
    .limit(max);
}

export async function deleteRows(db: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(resources).where(inArray(resources.id, ids));
}

/** Every stored file name a resource (deleted or not) still names. */
export const fileNamesInUse = (db: Executor, names: string[]) =>
  valuesInUse(db, resources, resources.fileStorageName, names);
