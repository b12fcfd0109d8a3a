import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type ListedResource, listColumns, toListed } from './resources.repository';
import { languageCodeOf } from './language';

/** What Kindred knows of one person's interests: only their own data, never anyone else's. */
export interface Interests {
  topics: string[];
  languages: string[];
}

/**
 * The person's own topics — saved matching preferences, profile interests, and the topics of
 * the chats they were in over the last 30 days — and their languages as codes. Read from the
 * listening and conversation tables directly (a documented boundary debt: read only).
 */
export async function interestsOf(db: Db, userId: string, now: Date): Promise<Interests> {
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000).toISOString();
  const result = (await db.execute(sql`
    select
      coalesce((select preferred_topics from match_preferences where user_id = ${userId}), '{}')
        as preferred,
      coalesce((select preferred_languages from match_preferences where user_id = ${userId}), '{}')
        as preferred_languages,
      u.interests, u.languages,
      array(
        select distinct c.topic from conversation_members m
        join conversations c on c.id = m.conversation_id
        where m.user_id = ${userId} and c.topic is not null and c.started_at >= ${since}
      ) as chat_topics
    from users u where u.id = ${userId}
  `)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0];
  if (!row) return { topics: [], languages: [] };
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : parsePgArray(v));
  const topics = [...list(row.preferred), ...list(row.interests), ...list(row.chat_topics)]
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
  const languages = [...list(row.preferred_languages), ...list(row.languages)]
    .map(languageCodeOf)
    .filter((c): c is string => c !== undefined);
  return { topics: [...new Set(topics)], languages: [...new Set(languages)] };
}

function parsePgArray(v: unknown): string[] {
  if (typeof v !== 'string' || v === '{}') return [];
  return v
    .slice(1, -1)
    .split(',')
    .map((s) => s.replace(/^"|"$/g, ''));
}

/**
 * Published resources the person has not opened yet, best first: each shared topic counts 10,
 * their language 5, an editors' pick 2, and popularity (views by everyone, as one total) a
 * little, on a log scale. In a language they read when there is any.
 */
export async function recommend(
  db: Db,
  userId: string,
  interests: Interests,
  limit: number,
): Promise<ListedResource[]> {
  const topics = sql`${`{${interests.topics.map(quote).join(',')}}`}::text[]`;
  const languages = sql`${`{${interests.languages.map(quote).join(',')}}`}::text[]`;
  return unopened(db, userId, limit, {
    // In a language they read, when the library has any.
    filter: sql`and (cardinality(${languages}) = 0 or r.language = any(${languages})
      or not exists (
        select 1 from resources x where x.status = 'published' and x.deleted_at is null
          and x.language = any(${languages})))`,
    order: sql`
      cardinality(array(select unnest(r.topics) intersect select unnest(${topics}))) * 10
        + case when r.language = any(${languages}) then 5 else 0 end
        + case when r.featured then 2 else 0 end
        + ln(1 + r.view_count) desc,
      r.published_at desc, r.id`,
  });
}

/** The team's picks for someone Kindred knows nothing about yet: featured first, then popular. */
export async function editorsPicks(db: Db, userId: string, limit: number) {
  return unopened(db, userId, limit, {
    filter: sql``,
    order: sql`r.featured desc, r.view_count desc, r.published_at desc, r.id`,
  });
}

/** Published resources the person has not opened yet, with their authors: `filter`ed, in `order`. */
async function unopened(
  db: Db,
  userId: string,
  limit: number,
  { filter, order }: { filter: SQL; order: SQL },
): Promise<ListedResource[]> {
  const result = (await db.execute(sql`
    select ${listColumns('r')}, u.pseudonym as author_pseudonym, null::text as headline
    from resources r left join users u on u.id = r.author_id
    where r.status = 'published' and r.deleted_at is null
      and not exists (
        select 1 from resource_opens o where o.user_id = ${userId} and o.resource_id = r.id)
      ${filter}
    order by ${order}
    limit ${limit}
  `)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map(toListed);
}

const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
