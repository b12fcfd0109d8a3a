import { and, desc, eq, gte, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { matchPreferences, users } from '../../db/schema';
import { notBlockedWith } from '../blocks/blocks.repository';

export interface CandidateFilter {
  sharerId: string;
  topic?: string;
  language?: string;
  minRating?: number;
  /** Leave out listeners this sharer had a listening chat with in the last 24 hours. */
  excludeRecentPartners: boolean;
  now: Date;
}

const hasText = (column: AnyPgColumn, value: string) =>
  sql`exists (select 1 from unnest(${column}) as v(x) where lower(v.x) = lower(${value}))`;

/**
 * Available listeners passing the filters, with seed 000's score minus its random part computed
 * in SQL, so only those that can still reach the top three after ±10 come back (at most 200).
 * The same formula is `baseScore` in scoring.ts, which has the table-driven tests.
 */
export async function findCandidates(db: Executor, f: CandidateFilter) {
  const topicScore = f.topic
    ? sql`case when ${hasText(users.listenerTopics, f.topic)} then 50 when ${hasText(users.interests, f.topic)} then 25 else 0 end`
    : sql`0`;
  const languageScore = f.language
    ? sql`case when ${hasText(users.languages, f.language)} then 30 else 0 end`
    : sql`0`;
  const base = sql<number>`(100 + ${topicScore} + ${languageScore}
    + coalesce((${users.listenerRating} - 3) * 10, 0)
    + least(${users.listenerTotalChats} / 10.0, 20))::float8`;
  const since = new Date(f.now.getTime() - 24 * 3600 * 1000);

  const candidates = db.$with('candidates').as(
    db
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
          ne(users.id, f.sharerId),
          notBlockedWith(f.sharerId, users.id),
          f.language ? hasText(users.languages, f.language) : undefined,
          f.topic
            ? sql`(${hasText(users.listenerTopics, f.topic)} or ${hasText(users.interests, f.topic)})`
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
      ),
  );
  return db
    .with(candidates)
    .select()
    .from(candidates)
    .where(
      sql`${candidates.base} >= coalesce((select base from ${candidates} order by base desc offset 2 limit 1), -1e9) - 20`,
    )
    .orderBy(desc(candidates.base))
    .limit(200);
}

export async function findPreferences(db: Executor, userId: string) {
  const [row] = await db
    .select()
    .from(matchPreferences)
    .where(eq(matchPreferences.userId, userId))
    .limit(1);
  return row;
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
