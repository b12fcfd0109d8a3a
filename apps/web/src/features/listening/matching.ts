import type {
  FindListenersBody,
  ListenerMatch,
  ListenerStatusUpdate,
  MatchPreferences,
  MatchPreferencesBody,
} from '@kindred/protocol';

/** Pure helpers of the find-a-listener page (kept apart so that they can be unit-tested). */

export const TOPIC_SUGGESTIONS = ['anxiety', 'stress', 'loneliness', 'relationships', 'grief'];
export const COMMON_LANGUAGES = ['English', 'Spanish', 'French', 'German', 'Portuguese'];
export const TOPIC_MAX = 50;
export const BIO_PREVIEW_CHARS = 100;

export const NO_LISTENERS_TEXT =
  'No listeners available right now. Try different preferences or check back soon.';
export const LISTENERS_GONE_TEXT = 'These listeners are no longer available';

export const minRatingChoices = [
  { value: '', label: 'Any rating' },
  { value: '3', label: '3 stars or more' },
  { value: '4', label: '4 stars or more' },
  { value: '4.5', label: '4.5 stars or more' },
] as const;
export type MinRatingChoice = (typeof minRatingChoices)[number]['value'];

export interface SearchForm {
  topic: string;
  /** In the order they were ticked: the first is the one sent. */
  languages: string[];
  minRating: MinRatingChoice;
  remember: boolean;
}

/** Case-insensitive de-duplication, keeping the first spelling and the order. */
export function uniqueLabels(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const raw of list) {
      const label = raw.trim();
      const key = label.toLowerCase();
      if (!label || seen.has(key)) continue;
      seen.add(key);
      out.push(label);
    }
  }
  return out;
}

/** The nearest choice at or below a saved rating ("4.2" → 4+), so a saved minimum is not loosened much. */
export function minRatingChoiceFor(rating: number | null | undefined): MinRatingChoice {
  if (rating === null || rating === undefined) return '';
  const values = minRatingChoices.map((c) => c.value).filter((v) => v !== '');
  let best: MinRatingChoice = '';
  for (const value of values) if (Number(value) <= rating) best = value;
  return best;
}

/** The form's first state: the saved preferences, when there are any. */
export function initialSearchForm(preferences: MatchPreferences | null | undefined): SearchForm {
  if (!preferences) return { topic: '', languages: [], minRating: '', remember: false };
  return {
    topic: preferences.preferred_topics[0] ?? '',
    languages: uniqueLabels([preferences.preferred_languages]),
    minRating: minRatingChoiceFor(preferences.preferred_listener_min_rating),
    remember: hasSavedPreferences(preferences),
  };
}

export function hasSavedPreferences(preferences: MatchPreferencesBody): boolean {
  return (
    preferences.preferred_topics.length > 0 ||
    preferences.preferred_languages.length > 0 ||
    preferences.preferred_listener_min_rating !== null
  );
}

/** POST /match/find-listeners: only what was chosen; the first ticked language is the one sent. */
export function findBody(form: SearchForm): NonNullable<FindListenersBody> {
  const body: NonNullable<FindListenersBody> = {};
  const topic = form.topic.trim();
  if (topic) body.topic = topic.slice(0, TOPIC_MAX);
  const language = form.languages[0];
  if (language) body.language = language;
  if (form.minRating) body.preferred_min_rating = Number(form.minRating);
  return body;
}

/**
 * What "Remember these preferences" stores: the form when ticked; nothing at all when not, so that
 * forgotten preferences no longer fill the gaps of a search.
 */
export function preferencesBody(
  form: SearchForm,
  saved: MatchPreferencesBody | null | undefined,
): MatchPreferencesBody {
  // The server's default: off. Avoiding the last 24 hours' listeners is a visible setting
  // ("Avoid listeners I've talked to recently"), never a hidden one.
  const avoid = saved?.avoid_previous_matches ?? false;
  if (!form.remember) {
    return {
      preferred_topics: [],
      preferred_languages: [],
      preferred_listener_min_rating: null,
      avoid_previous_matches: avoid,
    };
  }
  const topic = form.topic.trim().slice(0, TOPIC_MAX);
  return {
    preferred_topics: topic ? [topic] : [],
    preferred_languages: form.languages.slice(0, 10),
    preferred_listener_min_rating: form.minRating ? Number(form.minRating) : null,
    avoid_previous_matches: avoid,
  };
}

/** True when storing `next` would change what is saved. */
export function preferencesChanged(
  next: MatchPreferencesBody,
  saved: MatchPreferencesBody | null | undefined,
): boolean {
  if (!saved) return hasSavedPreferences(next);
  const norm = (p: MatchPreferencesBody) =>
    JSON.stringify([
      p.preferred_topics,
      p.preferred_languages,
      p.preferred_listener_min_rating,
      p.avoid_previous_matches,
    ]);
  return norm(next) !== norm(saved);
}

/** A bio cut at a word boundary near `max` characters, and whether anything was cut. */
export function bioPreview(bio: string, max = BIO_PREVIEW_CHARS): { text: string; cut: boolean } {
  const clean = bio.trim();
  if (clean.length <= max) return { text: clean, cut: false };
  const slice = clean.slice(0, max);
  const space = slice.lastIndexOf(' ');
  const text = (space > max * 0.6 ? slice.slice(0, space) : slice).replace(/[\s.,;:!?-]+$/, '');
  return { text: `${text}…`, cut: true };
}

export function ratingLabel(rating: number | null): string {
  return rating === null ? 'New listener' : rating.toFixed(1);
}

export function chatCountLabel(count: number): string {
  return count === 1 ? '1 chat' : `${count} chats`;
}

/**
 * The ids of the shown listeners who are no longer available, after an update. Returns the same
 * set when nothing changed (so React can skip the render).
 */
export function applyStatusUpdate(
  unavailable: ReadonlySet<string>,
  shown: readonly ListenerMatch[],
  update: ListenerStatusUpdate,
): ReadonlySet<string> {
  if (!shown.some((m) => m.id === update.listener_id)) return unavailable;
  const gone = update.availability !== 'available';
  if (gone === unavailable.has(update.listener_id)) return unavailable;
  const next = new Set(unavailable);
  if (gone) next.add(update.listener_id);
  else next.delete(update.listener_id);
  return next;
}

export function allUnavailable(
  unavailable: ReadonlySet<string>,
  shown: readonly ListenerMatch[],
): boolean {
  return shown.length > 0 && shown.every((m) => unavailable.has(m.id));
}

/** "Found 3 listeners", or the seed's texts for none and for one or two. */
export function resultSummary(count: number): string {
  if (count === 0) return NO_LISTENERS_TEXT;
  if (count >= 3) return `Found ${count} listeners who are free to talk now.`;
  return `Limited availability: ${count === 1 ? 'one listener is' : `${count} listeners are`} free to talk now.`;
}

/**
 * The saved preferences with only "Avoid listeners I've talked to recently" changed (a setting of
 * its own: ticking it never stores or forgets the search form).
 */
export function withAvoidPrevious(
  saved: MatchPreferencesBody | null | undefined,
  avoid: boolean,
): MatchPreferencesBody {
  return {
    preferred_topics: saved?.preferred_topics ?? [],
    preferred_languages: saved?.preferred_languages ?? [],
    preferred_listener_min_rating: saved?.preferred_listener_min_rating ?? null,
    avoid_previous_matches: avoid,
  };
}

/** Whole seconds left to answer a request that runs out at `expiresAt` (never below 0). */
export function secondsLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}
