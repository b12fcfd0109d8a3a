import {
  type FindListenersBody,
  type FindListenersResponse,
  type MatchPreferences,
  type MatchPreferencesBody,
  NO_MATCHES_MESSAGE,
} from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { avatarUrl } from '../identity';
import { findUserById } from '../identity';
import {
  findCandidates,
  findPreferences,
  upsertPreferences,
  withinReach,
} from './matching.repository';
import { baseScore, jitter, roundScore } from './scoring';

export function createMatchingService(deps: {
  db: Db;
  clock: Clock;
  random: () => number;
  /** `required`: only approved listeners are offered (LISTENER_APPROVAL). */
  listenerApproval?: 'required' | 'off';
}) {
  const { db, clock } = deps;

  async function requireSharer(userId: string) {
    const user = await findUserById(db, userId);
    if (!user) throw errors.unauthenticated();
    if (!user.isActive) throw errors.banned();
    if (!user.roles.includes('sharer')) throw errors.notASharer();
    return user;
  }

  return {
    requireSharer,

    /**
     * The listening contract's hybrid matching: filter, score, top three; saved preferences fill
     * what is left out.
     */
    async findListeners(userId: string, body: FindListenersBody): Promise<FindListenersResponse> {
      await requireSharer(userId);
      const prefs = await findPreferences(db, userId);
      // Left out: the saved preference. null: no filter at all.
      const pick = <T>(given: T | null | undefined, saved: T | null | undefined) =>
        (given === undefined ? saved : given) ?? undefined;
      const topic = pick(body?.topic, prefs?.preferredTopics[0]);
      const language = pick(body?.language, prefs?.preferredLanguages[0]);
      const minRating = pick(body?.preferred_min_rating, prefs?.preferredListenerMinRating);
      const candidates = await findCandidates(db, {
        sharerId: userId,
        topic,
        language,
        minRating,
        excludeRecentPartners: prefs?.avoidPreviousMatches ?? false,
        approvedOnly: deps.listenerApproval !== 'off',
        // Nobody is offered as free to talk while they have no connection.
        connectedOnly: true,
        now: clock.now(),
      });
      const matches = withinReach(candidates)
        .map((c) => ({ c, score: baseScore(c, { topic, language }) + jitter(deps.random) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 3)
        .map(({ c, score }) => ({
          id: c.id,
          pseudonym: c.pseudonym,
          bio: c.bio,
          profile_picture_url: c.showProfilePicture ? avatarUrl(c.avatarFile) : null,
          languages: c.languages,
          listener_topics: c.listenerTopics,
          listener_rating: c.listenerRating,
          listener_total_chats: c.listenerTotalChats,
          match_score: roundScore(score),
        }));
      return matches.length > 0 ? { matches } : { matches, message: NO_MATCHES_MESSAGE };
    },

    /**
     * Talk-now: every connected, available listener for this sharer, best first. The topic and
     * the saved language rank but leave nobody out; the minimum rating still applies.
     */
    async rankListeners(sharerId: string, topic: string | null, exclude: string[]) {
      const prefs = await findPreferences(db, sharerId);
      const wanted = {
        topic: topic ?? prefs?.preferredTopics[0],
        language: prefs?.preferredLanguages[0],
      };
      const candidates = await findCandidates(db, {
        sharerId,
        ...wanted,
        minRating: prefs?.preferredListenerMinRating ?? undefined,
        excludeRecentPartners: prefs?.avoidPreviousMatches ?? false,
        approvedOnly: deps.listenerApproval !== 'off',
        ranksOnly: true,
        connectedOnly: true,
        exclude,
        now: clock.now(),
      });
      return candidates
        .map((c) => ({ id: c.id, score: baseScore(c, wanted) + jitter(deps.random) }))
        .sort((a, b) => b.score - a.score)
        .map((c) => c.id);
    },

    async getPreferences(userId: string): Promise<MatchPreferences> {
      await requireSharer(userId);
      const row = await findPreferences(db, userId);
      return {
        preferred_languages: row?.preferredLanguages ?? [],
        preferred_topics: row?.preferredTopics ?? [],
        preferred_listener_min_rating: row?.preferredListenerMinRating ?? null,
        avoid_previous_matches: row?.avoidPreviousMatches ?? false,
        updated_at: row?.updatedAt.toISOString() ?? null,
      };
    },

    async putPreferences(userId: string, body: MatchPreferencesBody): Promise<MatchPreferences> {
      await requireSharer(userId);
      const row = await upsertPreferences(db, {
        userId,
        preferredLanguages: body.preferred_languages,
        preferredTopics: body.preferred_topics,
        preferredListenerMinRating: body.preferred_listener_min_rating,
        avoidPreviousMatches: body.avoid_previous_matches,
        updatedAt: clock.now(),
      });
      return {
        preferred_languages: row.preferredLanguages,
        preferred_topics: row.preferredTopics,
        preferred_listener_min_rating: row.preferredListenerMinRating,
        avoid_previous_matches: row.avoidPreviousMatches,
        updated_at: row.updatedAt.toISOString(),
      };
    },
  };
}
export type MatchingService = ReturnType<typeof createMatchingService>;
