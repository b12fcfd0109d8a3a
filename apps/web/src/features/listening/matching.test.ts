import type { ListenerMatch, MatchPreferences } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import {
  allUnavailable,
  applyStatusUpdate,
  bioPreview,
  chatCountLabel,
  findBody,
  initialSearchForm,
  minRatingChoiceFor,
  NO_LISTENERS_TEXT,
  preferencesBody,
  preferencesChanged,
  ratingLabel,
  resultSummary,
  type SearchForm,
  secondsLeft,
  uniqueLabels,
  withAvoidPrevious,
} from './matching';

const match = (id: string): ListenerMatch => ({
  id,
  pseudonym: `L${id}`,
  bio: '',
  profile_picture_url: null,
  languages: [],
  listener_topics: [],
  listener_rating: null,
  listener_total_chats: 0,
  match_score: 100,
});
const ids = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
};

const form = (overrides: Partial<SearchForm> = {}): SearchForm => ({
  topic: '',
  languages: [],
  minRating: '',
  remember: false,
  ...overrides,
});

const saved = (overrides: Partial<MatchPreferences> = {}): MatchPreferences => ({
  preferred_topics: [],
  preferred_languages: [],
  preferred_listener_min_rating: null,
  avoid_previous_matches: false,
  updated_at: null,
  ...overrides,
});

describe('findBody', () => {
  it('sends nothing for an empty form', () => {
    expect(findBody(form())).toEqual({});
  });
  it('sends the trimmed topic, the first ticked language and the minimum rating', () => {
    expect(
      findBody(form({ topic: '  grief ', languages: ['Spanish', 'English'], minRating: '4.5' })),
    ).toEqual({ topic: 'grief', language: 'Spanish', preferred_min_rating: 4.5 });
  });
});

describe('preferences', () => {
  it('fills the form from saved preferences', () => {
    expect(
      initialSearchForm(
        saved({
          preferred_topics: ['stress'],
          preferred_languages: ['French'],
          preferred_listener_min_rating: 4.2,
          updated_at: '2025-01-01T00:00:00.000Z',
        }),
      ),
    ).toEqual({ topic: 'stress', languages: ['French'], minRating: '4', remember: true });
    expect(initialSearchForm(saved())).toEqual(form());
    expect(initialSearchForm(null)).toEqual(form());
  });

  it('stores the form when remembered and clears it when not, keeping avoid_previous_matches', () => {
    const previous = saved({ preferred_topics: ['stress'], avoid_previous_matches: false });
    expect(
      preferencesBody(form({ topic: 'grief', languages: ['English'], remember: true }), previous),
    ).toEqual({
      preferred_topics: ['grief'],
      preferred_languages: ['English'],
      preferred_listener_min_rating: null,
      avoid_previous_matches: false,
    });
    expect(preferencesBody(form({ topic: 'grief' }), previous)).toEqual({
      preferred_topics: [],
      preferred_languages: [],
      preferred_listener_min_rating: null,
      avoid_previous_matches: false,
    });
  });

  it('only saves what changed', () => {
    const empty = preferencesBody(form(), null);
    expect(preferencesChanged(empty, null)).toBe(false);
    expect(preferencesChanged(empty, saved())).toBe(false);
    expect(
      preferencesChanged(preferencesBody(form({ topic: 'x', remember: true }), null), null),
    ).toBe(true);
  });

  it('rounds a saved minimum down to a choice', () => {
    expect(minRatingChoiceFor(null)).toBe('');
    expect(minRatingChoiceFor(2)).toBe('');
    expect(minRatingChoiceFor(3.9)).toBe('3');
    expect(minRatingChoiceFor(4.5)).toBe('4.5');
    expect(minRatingChoiceFor(5)).toBe('4.5');
  });
});

describe('uniqueLabels', () => {
  it('keeps the first spelling and the order, ignoring case and blanks', () => {
    expect(
      uniqueLabels([
        ['english', ' '],
        ['English', 'Spanish'],
        ['spanish', 'French'],
      ]),
    ).toEqual(['english', 'Spanish', 'French']);
  });
});

describe('card texts', () => {
  it('cuts long bios near 100 characters at a word boundary', () => {
    expect(bioPreview('Short and sweet.')).toEqual({ text: 'Short and sweet.', cut: false });
    const long = `${'word '.repeat(30)}end`;
    const preview = bioPreview(long);
    expect(preview.cut).toBe(true);
    expect(preview.text.length).toBeLessThanOrEqual(101);
    expect(preview.text.endsWith('word…')).toBe(true);
  });
  it('names ratings and chat counts', () => {
    expect(ratingLabel(null)).toBe('New listener');
    expect(ratingLabel(4.75)).toBe('4.8');
    expect(chatCountLabel(1)).toBe('1 chat');
    expect(chatCountLabel(45)).toBe('45 chats');
  });
  it('summarises results with the seed texts', () => {
    expect(resultSummary(0)).toBe(NO_LISTENERS_TEXT);
    expect(resultSummary(2)).toMatch(/^Limited availability/);
    expect(resultSummary(3)).toMatch(/^Found 3 listeners/);
  });
});

describe('listener status updates', () => {
  const shown = [match(ids.a), match(ids.b)];
  it('marks a shown listener who goes away, and unmarks them when they come back', () => {
    const none = new Set<string>();
    const gone = applyStatusUpdate(none, shown, { listener_id: ids.a, availability: 'in_chat' });
    expect([...gone]).toEqual([ids.a]);
    expect(allUnavailable(gone, shown)).toBe(false);
    const back = applyStatusUpdate(gone, shown, { listener_id: ids.a, availability: 'available' });
    expect(back.size).toBe(0);
  });
  it('ignores listeners who are not shown, and repeats', () => {
    const none = new Set<string>();
    expect(
      applyStatusUpdate(none, shown, { listener_id: ids.c, availability: 'unavailable' }),
    ).toBe(none);
    const gone = applyStatusUpdate(none, shown, {
      listener_id: ids.b,
      availability: 'unavailable',
    });
    expect(applyStatusUpdate(gone, shown, { listener_id: ids.b, availability: 'in_chat' })).toBe(
      gone,
    );
  });
  it('knows when every shown listener is gone', () => {
    const all = new Set([ids.a, ids.b]);
    expect(allUnavailable(all, shown)).toBe(true);
    expect(allUnavailable(all, [])).toBe(false);
  });
});

describe('talk now', () => {
  it('changes only the avoid setting of the saved preferences', () => {
    const stored = saved({ preferred_topics: ['grief'], preferred_listener_min_rating: 4 });
    expect(withAvoidPrevious(stored, true)).toEqual({
      preferred_topics: ['grief'],
      preferred_languages: [],
      preferred_listener_min_rating: 4,
      avoid_previous_matches: true,
    });
    expect(withAvoidPrevious(null, false)).toEqual({
      preferred_topics: [],
      preferred_languages: [],
      preferred_listener_min_rating: null,
      avoid_previous_matches: false,
    });
  });

  it('counts the whole seconds left to answer, never below zero', () => {
    const now = Date.parse('2026-12-06T10:00:00.000Z');
    expect(secondsLeft('2026-12-06T10:01:00.000Z', now)).toBe(60);
    expect(secondsLeft('2026-12-06T10:00:00.400Z', now)).toBe(1);
    expect(secondsLeft('2026-12-06T09:59:00.000Z', now)).toBe(0);
  });
});
