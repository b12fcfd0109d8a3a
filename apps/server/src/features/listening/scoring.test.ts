import { describe, expect, it } from 'vitest';
import { withinReach } from './matching.repository';
import { baseScore, type Candidate, jitter } from './scoring';

const listener = (over: Partial<Candidate> = {}): Candidate => ({
  listenerTopics: [],
  interests: [],
  languages: [],
  listenerRating: null,
  listenerTotalChats: 0,
  ...over,
});

describe('baseScore (the matching algorithm)', () => {
  it.each([
    ['nothing matches, no rating, no chats', listener(), {}, 100],
    [
      'topic among listener topics',
      listener({ listenerTopics: ['Anxiety'] }),
      { topic: 'anxiety' },
      150,
    ],
    ['topic only among interests', listener({ interests: ['anxiety'] }), { topic: 'anxiety' }, 125],
    [
      'topic in both counts once, as the better',
      listener({ listenerTopics: ['grief'], interests: ['grief'] }),
      { topic: 'grief' },
      150,
    ],
    ['language', listener({ languages: ['English'] }), { language: 'english' }, 130],
    ['rating 4.5 → +15', listener({ listenerRating: 4.5 }), {}, 115],
    ['rating 2 → −10', listener({ listenerRating: 2 }), {}, 90],
    ['45 chats → +4.5', listener({ listenerTotalChats: 45 }), {}, 104.5],
    ['experience is capped at +20', listener({ listenerTotalChats: 900 }), {}, 120],
    [
      'topic, language, rating and experience together',
      listener({
        listenerTopics: ['anxiety', 'stress'],
        languages: ['English'],
        listenerRating: 4.8,
        listenerTotalChats: 45,
      }),
      { topic: 'anxiety', language: 'English' },
      100 + 50 + 30 + 18 + 4.5,
    ],
  ])('%s', (_label, candidate, wanted, expected) => {
    expect(baseScore(candidate, wanted)).toBeCloseTo(expected, 6);
  });
});

describe('jitter', () => {
  it.each([
    [0, -10],
    [0.5, 0],
    [0.999999, 9.99998],
  ])('random %d → %d', (r, expected) => {
    expect(jitter(() => r)).toBeCloseTo(expected, 4);
  });
});

describe('withinReach', () => {
  it.each([
    [[], []],
    [
      [150, 140],
      [150, 140],
    ],
    [
      [200, 190, 180, 161, 160, 159.9],
      [200, 190, 180, 161, 160],
    ],
    [
      [120, 120, 120, 100, 99],
      [120, 120, 120, 100],
    ],
  ])('%j → %j', (bases, expected) => {
    expect(withinReach(bases.map((base) => ({ base }))).map((c) => c.base)).toEqual(expected);
  });
});
