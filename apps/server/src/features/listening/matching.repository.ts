import { and, desc, eq, gte, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { matchPreferences, users } from '../../db/schema';
import { findRow } from '../../lib/rows';
import { notBlockedWith } from '../safety';

export interface CandidateFilter {
  sharerId: string;
  topic?: string;
  language?: string;
  minRating?: number;
  /** Leave out listeners this sharer had a listening chat with in the last 24 hours. */
  excludeRecentPartners: boolean;
  /** Only listeners an admin approved (LISTENER_APPROVAL=required). */
  approvedOnly?: boolean;
  /** Topic and language rank listeners but leave nobody out (talk-now). */
  ranksOnly?: boolean;
  /** Leave out listeners with no connected socket (away since they last had one). */
  connectedOnly?: boolean;
  /** Leave out these listeners (they passed on this sharer's request). */
  exclude?: string[];
  now: Date;
}

/** SQL: the lower-cased array column contains the value (served by its GIN index). */
const contains = (column: AnyPgColumn, value: string) =>
  sql`${column} @> array[${value.trim().toLowerCase()}]::text[]`;

/**
 * Available listeners passing the filters, best first by the listening contract's score without its
 * random part (at most 200). The same formula is `baseScore` in scoring.ts, which has the
 * table-driven tests; here it runs on the lower-cased, indexed copies and the stored
 * `static_score`.
 */
export async function findCandidates(db: Executor, f: CandidateFilter) {
  const topicScore = f.topic
    ? sql`case when ${contains(users.topicsLc, f.topic)} then 50 when ${contains(users.interestsLc, f.topic)} then 25 else 0 end`
    : sql`0`;
  const languageScore = f.language
    ? sql`case when ${contains(users.languagesLc, f.language)} then 30 else 0 end`
    : sql`0`;
  const base = sql<number>`(100 + ${topicScore} + ${languageScore} + ${users.staticScore})::float8`;
  const since = new Date(f.now.getTime() - 24 * 3600 * 1000);

  return db
    .select({
      id: users.id,
      pseudonym: users.pseudonym,
      bio: users.bio,
      avatarFile: users.avatarFile,
      showProfilePicture: users.showProfilePicture,
      languages: users.languages,
      interests: users.interests,
      listenerTopics: users.listenerTopics,
      listenerRating: users.listenerRating,
      listenerTotalChats: users.listenerTotalChats,
      base: base.as('base'),
    })
    .from(users)
    .where(
      and(
        eq(users.listenerAvailability, 'available'),
        eq(users.isActive, true),
        sql`'listener' = any(${users.roles})`,
        f.approvedOnly ? eq(users.listenerStatus, 'approved') : undefined,
        ne(users.id, f.sharerId),
        notBlockedWith(f.sharerId, users.id),
        f.connectedOnly ? isNull(users.awaySince) : undefined,
        f.exclude?.length ? notInArray(users.id, f.exclude) : undefined,
        f.language && !f.ranksOnly ? contains(users.languagesLc, f.language) : undefined,
        f.topic && !f.ranksOnly
          ? sql`(${contains(users.topicsLc, f.topic)} or ${contains(users.interestsLc, f.topic)})`
          : undefined,
        f.minRating !== undefined ? gte(users.listenerRating, f.minRating) : undefined,
        f.excludeRecentPartners
          ? sql`not exists (
              select 1 from conversation_members mine
              join conversation_members theirs on theirs.conversation_id = mine.conversation_id
              join conversations c on c.id = mine.conversation_id
              where mine.user_id = ${f.sharerId} and theirs.user_id = ${users.id}
                and c.kind = 'listening' and c.started_at > ${since.toISOString()})`
          : undefined,
      ),
    )
    .orderBy(desc(base))
    .limit(200);
}

/** Only candidates within 20 of the third best can still reach the top three after ±10. */
export function withinReach<T extends { base: number }>(sortedByBase: T[]): T[] {
  const third = sortedByBase[2]?.base;
  return third === undefined ? sortedByBase : sortedByBase.filter((c) => c.base >= third - 20);
}

export function findPreferences(db: Executor, userId: string) {
  return findRow(db, matchPreferences, eq(matchPreferences.userId, userId));
}

export async function upsertPreferences(
  db: Executor,
  values: typeof matchPreferences.$inferInsert,
) {
  const [row] = await db
    .insert(matchPreferences)
    .values(values)
    .onConflictDoUpdate({ target: matchPreferences.userId, set: { ...values } })
    .returning();
  return row!;
}
