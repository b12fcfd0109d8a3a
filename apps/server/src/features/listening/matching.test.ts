import { NO_MATCHES_MESSAGE } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { setUser, type UserFields } from '../../../test/rows';
import { approvedListener } from '../../../test/scenarios';

// A fixed random part (0.5 → ±0) makes every score exact.
const t = useTestApp({ random: () => 0.5 });

const find = (user: SignedInUser, payload: unknown) =>
  t.api(user, 'POST', '/match/find-listeners', payload);

/** A listener with the given profile, available unless said otherwise. */
const listener = (profile: UserFields = {}) => approvedListener(t.app, { profile });

describe('POST /match/find-listeners', () => {
  it('returns the top three by match score, with the documented fields', async () => {
    // Every listener gets a topic no other test uses, so results are this test's alone.
    const topic = `topic-${Date.now()}`;
    const best = await listener({
      listenerTopics: [topic, 'stress'],
      languages: ['English'],
      listenerRating: 4.8,
      listenerTotalChats: 45,
      bio: 'Here to help',
    });
    const second = await listener({
      listenerTopics: [topic],
      languages: ['English', 'Spanish'],
      listenerRating: 4.5,
      listenerTotalChats: 32,
    });
    const third = await listener({
      interests: [topic],
      languages: ['English'],
      listenerRating: 4.6,
      listenerTotalChats: 28,
    });
    await listener({ interests: [topic], listenerRating: 3.0 });
    const sharer = await signUp(t.app, { roles: ['sharer'] });

    const response = await find(sharer, { topic, language: 'English' });
    expect(response.statusCode).toBe(200);
    const { matches, message } = response.json();
    expect(message).toBeUndefined();
    expect(matches.map((m: { id: string }) => m.id)).toEqual([best.id, second.id, third.id]);
    expect(matches[0]).toEqual({
      id: best.id,
      pseudonym: best.pseudonym,
      bio: 'Here to help',
      profile_picture_url: null,
      languages: ['English'],
      listener_topics: [topic, 'stress'],
      listener_rating: 4.8,
      listener_total_chats: 45,
      match_score: 202.5,
    });
    expect(matches[1].match_score).toBe(198.2);
    expect(matches[2].match_score).toBe(173.8);
    expect(response.body).not.toMatch(/email|real_name/);
  });

  it('filters by language, topic and minimum rating', async () => {
    const topic = `filter-${Date.now()}`;
    const spanish = await listener({
      listenerTopics: [topic],
      languages: ['Spanish'],
      listenerRating: 4.9,
    });
    const lowRated = await listener({
      listenerTopics: [topic],
      languages: ['English'],
      listenerRating: 3.5,
    });
    const good = await listener({
      listenerTopics: [topic],
      languages: ['English'],
      listenerRating: 4.2,
    });
    const sharer = await signUp(t.app);
    const ids = async (payload: object) =>
      (await find(sharer, payload)).json().matches.map((m: { id: string }) => m.id);
    expect(await ids({ topic, language: 'English', preferred_min_rating: 4.0 })).toEqual([good.id]);
    expect(await ids({ topic, language: 'spanish' })).toEqual([spanish.id]);
    expect((await ids({ topic })).sort()).toEqual([spanish.id, lowRated.id, good.id].sort());
  });

  it('never offers unavailable, banned or non-listener users, nor the sharer themself', async () => {
    const topic = `gone-${Date.now()}`;
    await listener({ listenerTopics: [topic], listenerAvailability: 'unavailable' });
    await listener({ listenerTopics: [topic], listenerAvailability: 'in_chat' });
    await listener({ listenerTopics: [topic], isActive: false });
    const both = await signUp(t.app, { roles: ['sharer', 'listener'] });
    await setUser(t.app, both.id, {
      listenerAvailability: 'available',
      listenerTopics: [topic],
    });
    const response = (await find(both, { topic })).json();
    expect(response).toEqual({ matches: [], message: NO_MATCHES_MESSAGE });
  });

  it('uses saved preferences for fields the request leaves out', async () => {
    const topic = `pref-${Date.now()}`;
    const wanted = await listener({ listenerTopics: [topic], languages: ['French'] });
    await listener({ listenerTopics: [topic], languages: ['German'] });
    const sharer = await signUp(t.app);
    const saved = await t.api(sharer, 'PUT', '/match/preferences', {
      preferred_languages: ['French'],
      preferred_topics: [topic],
      preferred_listener_min_rating: null,
      avoid_previous_matches: true,
    });
    expect(saved.statusCode).toBe(200);
    const got = await t.api(sharer, 'GET', '/match/preferences');
    expect(got.json()).toMatchObject({
      preferred_languages: ['French'],
      preferred_topics: [topic],
    });
    const matches = (await find(sharer, {})).json().matches;
    expect(matches.map((m: { id: string }) => m.id)).toEqual([wanted.id]);
    // null overrides the saved language: both listeners of the topic come back.
    const unfiltered = (await find(sharer, { language: null })).json().matches;
    expect(unfiltered).toHaveLength(2);
  });

  it('answers 403 NOT_A_SHARER to a listener-only user, and 400 to bad input', async () => {
    const onlyListener = await signUp(t.app, { roles: ['listener'] });
    const refused = await find(onlyListener, {});
    expectCode(refused, 403, 'NOT_A_SHARER');
    const sharer = await signUp(t.app);
    for (const bad of [
      { topic: 42 },
      { preferred_min_rating: 9 },
      { language: '' },
      { colour: 'blue' },
    ]) {
      const response = await find(sharer, bad);
      expectCode(response, 400, 'VALIDATION_ERROR');
    }
  });
});
