import type { NotificationsResponse } from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { findUser, type UserFields } from '../../../test/rows';
import { approvedListener } from '../../../test/scenarios';
import { emitAck, nextEvent } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock();
const t = useTestApp({
  clock,
  random: () => 0.5,
  env: { STALE_CHECK_INTERVAL_SECONDS: '1', CHAT_REQUEST_TIMEOUT_SECONDS: '30' },
});

/** A listener who went available on the queue page, with the page (a socket) open. */
async function onlineListener(profile: UserFields = {}) {
  const listener = await approvedListener(t.app, { goesAvailable: true, profile });
  return { listener, socket: await t.connect(listener) };
}

/** A sharer on the find-a-listener page (a socket open for `waiting_update`). */
async function sharerOnPage() {
  const sharer = await signUp(t.app, { roles: ['sharer'] });
  return { sharer, socket: await t.connect(sharer) };
}

const talkNow = (sharer: SignedInUser, body: unknown = {}) =>
  t.api(sharer, 'POST', '/match/talk-now', body);

/** When the sharer's waiting-list entry says they left the page (null: on the page). */
async function awaySince(sharer: SignedInUser) {
  const result = (await t.app.database.db.execute(
    sql`select away_since from waiting_list where sharer_id = ${sharer.id}`,
  )) as unknown as { rows: { away_since: string | null }[] };
  return result.rows[0]?.away_since ?? null;
}

/** The user's notifications of one type, once there are `count` of them (and no more). */
async function notificationsOfType(user: SignedInUser, type: string, count: number) {
  const ofType = async () =>
    (
      (await t.api(user, 'GET', '/notifications')).json() as NotificationsResponse
    ).notifications.filter((n) => n.type === type);
  await expect.poll(async () => (await ofType()).length).toBe(count);
  return ofType();
}

// Everyone still waiting leaves, so that no test's sharer takes the next test's listener.
const waiting = new Set<SignedInUser>();
afterEach(async () => {
  for (const sharer of waiting) await t.api(sharer, 'DELETE', '/match/waiting-list');
  waiting.clear();
});

describe('POST /match/talk-now', () => {
  it('asks the best listener with a live connection, never an offline one', async () => {
    // The offline listener would rank first: higher rating, and the asked topic.
    const offline = await approvedListener(t.app, {
      goesAvailable: true,
      profile: { listenerRating: 5, listenerTopics: ['grief'] },
    });
    const { listener, socket } = await onlineListener({ listenerRating: 3 });
    const { sharer, socket: sharerSocket } = await sharerOnPage();
    const asked = nextEvent(socket, 'chat_request');

    // The topic ranks but leaves nobody out: the online listener does not list it.
    const response = await talkNow(sharer, { topic: 'grief' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'asking',
      listener: { id: listener.id, pseudonym: listener.pseudonym },
      topic: 'grief',
    });
    expect(Date.parse(body.expires_at) - clock.now().getTime()).toBe(30_000);
    expect(await asked).toEqual({
      session_id: body.session_id,
      sharer: { id: sharer.id, pseudonym: sharer.pseudonym },
      topic: 'grief',
      expires_at: body.expires_at,
    });
    // "Choose someone" does not offer the offline listener either.
    const found = (await t.api(sharer, 'POST', '/match/find-listeners', { topic: null })).json();
    expect(found.matches.map((m: { id: string }) => m.id)).not.toContain(offline.id);

    // Accept: the listener opens the chat and the sharer is connected.
    const connected = nextEvent(sharerSocket, 'waiting_update');
    await emitAck(socket, 'join_chat', { session_id: body.session_id });
    expect(await connected).toEqual({ status: 'connected', session_id: body.session_id });
    expectCode(await t.api(sharer, 'GET', '/match/waiting-list'), 404, 'NOT_WAITING');
    expectCode(await talkNow(sharer), 409, 'ALREADY_IN_CHAT');
    await t.api(sharer, 'POST', `/chat/sessions/${body.session_id}/end`);
    await t.api(listener, 'PATCH', '/users/me/availability', { availability: 'unavailable' });
  });

  it('puts the sharer in line when nobody is free, with live positions, first come first served', async () => {
    const first = await sharerOnPage();
    const second = await sharerOnPage();
    waiting.add(first.sharer).add(second.sharer);

    const one = await talkNow(first.sharer);
    expect(one.statusCode).toBe(202);
    expect(one.json()).toMatchObject({ status: 'waiting', position: 1, topic: null });
    const two = await talkNow(second.sharer, { topic: 'work' });
    expect(two.json()).toMatchObject({ status: 'waiting', position: 2, topic: 'work' });
    // Asking again answers where they stand; it does not join twice.
    expect((await talkNow(second.sharer)).json()).toMatchObject({ position: 2 });
    expect((await t.api(second.sharer, 'GET', '/match/waiting-list')).json()).toMatchObject({
      status: 'waiting',
      position: 2,
    });

    // A listener who goes available without the page open is not offered.
    const listener = await approvedListener(t.app, { goesAvailable: true });
    expect((await t.api(first.sharer, 'GET', '/match/waiting-list')).json().status).toBe('waiting');

    // The listener opens the page: the first in line is offered, the second moves up.
    const firstAsked = nextEvent(first.socket, 'waiting_update', (u) => u.status === 'asking');
    const secondMoved = nextEvent(second.socket, 'waiting_update', (u) => u.status === 'waiting');
    // (The listener's chat_request can arrive before this socket's handlers are attached, so
    // the offer is checked on the sharers' side here; the first test checks chat_request.)
    await t.connect(listener);
    const asking = await firstAsked;
    expect(asking).toMatchObject({ status: 'asking', listener: { id: listener.id } });
    expect(await secondMoved).toMatchObject({ status: 'waiting', position: 1 });

    // The second sharer leaves the line.
    const left = nextEvent(second.socket, 'waiting_update', (u) => u.status === 'left');
    expect((await t.api(second.sharer, 'DELETE', '/match/waiting-list')).statusCode).toBe(200);
    expect(await left).toEqual({ status: 'left', reason: 'left' });
    expectCode(await t.api(second.sharer, 'DELETE', '/match/waiting-list'), 404, 'NOT_WAITING');
  });

  it('moves the request on after Not now, and back to the line when the next lets it run out', async () => {
    const { listener: best, socket: bestSocket } = await onlineListener({ listenerRating: 5 });
    const { listener: next } = await onlineListener({ listenerRating: 4 });
    const { sharer, socket } = await sharerOnPage();
    waiting.add(sharer);

    const first = (await talkNow(sharer)).json();
    expect(first.listener.id).toBe(best.id);

    // Refusals: only the asked listener may say Not now, and only while it is pending.
    expectCode(
      await t.api(sharer, 'POST', `/chat/sessions/${first.session_id}/decline`),
      403,
      'UNAUTHORIZED_ACTION',
    );
    const outsider = await signUp(t.app, { roles: ['listener'] });
    expectCode(
      await t.api(outsider, 'POST', `/chat/sessions/${first.session_id}/decline`),
      404,
      'CONVERSATION_NOT_FOUND',
    );

    const movedOn = nextEvent(socket, 'waiting_update', (u) => u.status === 'asking');
    const ended = nextEvent(bestSocket, 'chat_ended');
    const notNow = await t.api(best, 'POST', `/chat/sessions/${first.session_id}/decline`);
    expect(notNow.json()).toEqual({ message: 'Request passed on', session_id: first.session_id });
    expect(await ended).toMatchObject({ session_id: first.session_id, reason: 'abandoned' });
    const second = await movedOn;
    expect(second).toMatchObject({ listener: { id: next.id } });
    // Not now keeps the listener available for others.
    expect((await findUser(t.app, best.id))?.listenerAvailability).toBe('available');
    expectCode(
      await t.api(best, 'POST', `/chat/sessions/${first.session_id}/decline`),
      409,
      'CHAT_REQUEST_NOT_PENDING',
    );

    // Silence: the next listener lets it run out; nobody else is left, so back to the line.
    const backInLine = nextEvent(socket, 'waiting_update', (u) => u.status === 'waiting', 5000);
    clock.advance(31_000);
    expect(await backInLine).toMatchObject({ status: 'waiting', position: 1 });
    expect((await findUser(t.app, next.id))?.listenerAvailability).toBe('unavailable');
  });

  it('keeps the place of a sharer who left the page and notifies them once that a listener is free', async () => {
    const { sharer, socket } = await sharerOnPage();
    waiting.add(sharer);
    expect((await talkNow(sharer, { topic: 'sleep' })).statusCode).toBe(202);
    socket.disconnect();
    await expect.poll(() => awaySince(sharer), { timeout: 5000 }).not.toBeNull();

    // A listener opens the page: nobody is asked for a sharer who is not there, they are told.
    const { listener } = await onlineListener();
    const told = await notificationsOfType(sharer, 'listener_free', 1);
    expect(told[0]).toMatchObject({
      title: 'A listener is free',
      link: '/sharer/find-listener',
      read_at: null,
    });
    expect((await t.api(sharer, 'GET', '/match/waiting-list')).json()).toMatchObject({
      status: 'waiting',
      position: 1,
      topic: 'sleep',
    });
    // A second free listener is no second notification.
    const { listener: another } = await onlineListener();
    await notificationsOfType(sharer, 'listener_free', 1);

    // Back on the page: the best free listener is asked at once.
    await t.connect(sharer);
    const line = async () => (await t.api(sharer, 'GET', '/match/waiting-list')).json();
    await expect.poll(async () => (await line()).status).toBe('asking');
    const offer = await line();
    expect(offer.topic).toBe('sleep');
    expect([listener.id, another.id]).toContain(offer.listener.id);
  });

  it('refuses a listener, bad bodies, and leaving or reading the line when not in it', async () => {
    const onlyListener = await signUp(t.app, { roles: ['listener'] });
    expectCode(await talkNow(onlyListener), 403, 'NOT_A_SHARER');
    const sharer = await signUp(t.app, { roles: ['sharer'] });
    for (const bad of [{ topic: 42 }, { topic: '' }, { listener_id: onlyListener.id }]) {
      expectCode(await talkNow(sharer, bad), 400, 'VALIDATION_ERROR');
    }
    expectCode(await t.api(sharer, 'DELETE', '/match/waiting-list'), 404, 'NOT_WAITING');
    expectCode(await t.api(sharer, 'GET', '/match/waiting-list'), 404, 'NOT_WAITING');
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/match/talk-now' });
    expect(unsigned.statusCode).toBe(401);
  });
});
