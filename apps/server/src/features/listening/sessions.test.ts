import type { ChatRequestEvent } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { findUser, setUser } from '../../../test/rows';
import { approvedListener, listeningChat } from '../../../test/scenarios';
import { collect, emitAck, nextEvent, sleep } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock();
const t = useTestApp({ clock, env: { STALE_CHECK_INTERVAL_SECONDS: '1' } });
const { api } = t;

/** Signs the user in again (after the test clock moved past their token's lifetime). */
const relogin = (user: SignedInUser) => signInAgain(t.app, user);
/** A listener who went available on the queue page. */
const availableListener = () => approvedListener(t.app, { goesAvailable: true });
/** A listener (gone available on the queue) and a sharer in an active listening chat. */
async function chatting() {
  const { listener, sharer, chatId } = await listeningChat(t.app, { goesAvailable: true });
  return { listener, sharer, session_id: chatId };
}

describe('POST /match/request-chat', () => {
  it('opens a chat, answers with the documented fields and tells the listener with chat_request', async () => {
    const listener = await availableListener();
    const socket = await t.connect(listener);
    const request = nextEvent(socket, 'chat_request');
    const sharer = await signUp(t.app);
    const response = await api(sharer, 'POST', '/match/request-chat', {
      listener_id: listener.id,
      topic: 'anxiety',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      listener: { id: listener.id, pseudonym: listener.pseudonym, profile_picture_url: null },
      topic: 'anxiety',
      status: 'active',
    });
    expect(await request).toEqual({
      session_id: body.session_id,
      sharer: { id: sharer.id, pseudonym: sharer.pseudonym },
      topic: 'anxiety',
    });
    expect((await findUser(t.app, listener.id))?.listenerAvailability).toBe('in_chat');

    const active = (await api(sharer, 'GET', '/chat/sessions/active')).json();
    expect(active).toMatchObject({
      session_id: body.session_id,
      partner: { id: listener.id, pseudonym: listener.pseudonym, role: 'listener' },
      topic: 'anxiety',
      user_role: 'sharer',
    });
    expect((await api(listener, 'GET', '/chat/sessions/active')).json().user_role).toBe('listener');
  });

  it('tells a listener whose connection comes up after the request, until they open the chat', async () => {
    const listener = await availableListener();
    const sharer = await signUp(t.app);
    const sharerSocket = await t.connect(sharer);
    const response = await api(sharer, 'POST', '/match/request-chat', {
      listener_id: listener.id,
      topic: 'anxiety',
    });
    expect(response.statusCode).toBe(201);
    const { session_id } = response.json();

    // No socket when it was sent (a reload, a page still connecting): told on connecting.
    let request: Promise<ChatRequestEvent> | undefined;
    const socket = await t.connect(listener, {
      beforeConnect: (s) => (request = nextEvent(s, 'chat_request')),
    });
    expect(await request).toEqual({
      session_id,
      sharer: { id: sharer.id, pseudonym: sharer.pseudonym },
      topic: 'anxiety',
    });
    expect((await emitAck(socket, 'join_chat', { session_id })).success).toBe(true);

    // Once the chat is open, a later connection is not asked again.
    const gone = nextEvent(sharerSocket, 'user_offline', (e) => e.user_id === listener.id);
    socket.close();
    await gone;
    let requests: ChatRequestEvent[] = [];
    await t.connect(listener, { beforeConnect: (s) => (requests = collect(s, 'chat_request')) });
    await nextEvent(sharerSocket, 'user_online', (e) => e.user_id === listener.id);
    await sleep(300);
    expect(requests).toEqual([]);
  });

  it('refuses: 400 listener busy or unknown, 403 not a sharer, 409 sharer already in a chat', async () => {
    const listener = await availableListener();
    const sharer = await signUp(t.app);
    expect(
      (await api(sharer, 'POST', '/match/request-chat', { listener_id: listener.id })).statusCode,
    ).toBe(201);

    const other = await signUp(t.app);
    const busy = await api(other, 'POST', '/match/request-chat', { listener_id: listener.id });
    expectCode(busy, 400, 'LISTENER_UNAVAILABLE');
    const unknown = await api(other, 'POST', '/match/request-chat', {
      listener_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.json().code).toBe('LISTENER_UNAVAILABLE');

    const notSharer = await signUp(t.app, { roles: ['listener'] });
    const forbidden = await api(notSharer, 'POST', '/match/request-chat', {
      listener_id: listener.id,
    });
    expect(forbidden.statusCode).toBe(403);

    const again = await api(sharer, 'POST', '/match/request-chat', {
      listener_id: (await availableListener()).id,
    });
    expectCode(again, 409, 'ALREADY_IN_CHAT');

    expect(
      (await api(other, 'POST', '/match/request-chat', { listener_id: 'nope' })).statusCode,
    ).toBe(400);
    expect((await api(other, 'POST', '/match/request-chat', {})).statusCode).toBe(400);
  });

  it('lets exactly one of two sharers asking at the same moment have the listener', async () => {
    const listener = await availableListener();
    const sharers = await Promise.all([signUp(t.app), signUp(t.app), signUp(t.app)]);
    const results = await Promise.all(
      sharers.map((s) => api(s, 'POST', '/match/request-chat', { listener_id: listener.id })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 400, 400]);
  });
});

describe('POST /chat/sessions/:id/end', () => {
  it('ends the chat for both, frees the listener and counts the chat', async () => {
    const { listener, sharer, session_id } = await chatting();
    // The listener opens the chat first (a chat never opened within a minute is released).
    const opening = await t.connect(listener);
    await emitAck(opening, 'join_chat', { session_id });
    opening.close();
    clock.advance(23 * 60_000);
    // 23 minutes outlive the 15-minute access tokens (and a socket opened with one): both sign
    // in again.
    await Promise.all([relogin(sharer), relogin(listener)]);
    const listenerSocket = await t.connect(listener);
    await emitAck(listenerSocket, 'join_chat', { session_id });
    const ended = nextEvent(listenerSocket, 'chat_ended');

    const response = await api(sharer, 'POST', `/chat/sessions/${session_id}/end`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      message: 'Chat ended successfully',
      session_id,
      duration_minutes: 23,
    });
    expect(await ended).toEqual({
      session_id,
      ended_by: sharer.id,
      feedback_required: true,
      reason: 'ended',
    });
    const row = await findUser(t.app, listener.id);
    expect(row).toMatchObject({ listenerAvailability: 'available', listenerTotalChats: 1 });
    expect((await api(sharer, 'GET', '/chat/sessions/active')).json()).toEqual({
      session_id: null,
    });

    const twice = await api(listener, 'POST', `/chat/sessions/${session_id}/end`);
    expectCode(twice, 400, 'SESSION_NOT_ACTIVE');
    const outsider = await signUp(t.app);
    expect((await api(outsider, 'POST', `/chat/sessions/${session_id}/end`)).statusCode).toBe(404);
    expect(
      (await api(outsider, 'POST', '/chat/sessions/00000000-0000-4000-8000-000000000000/end'))
        .statusCode,
    ).toBe(404);

    const late = await emitAck(listenerSocket, 'send_message', {
      session_id,
      content: 'still there?',
    });
    expect(late).toMatchObject({ success: false, code: 'CONVERSATION_ENDED' });
  });
});

describe('availability', () => {
  it('tells sharers who are browsing, and a listener in a chat cannot go available', async () => {
    const sharer = await signUp(t.app);
    const watcher = await t.connect(sharer);
    await emitAck(watcher, 'watch_listeners', {});
    const listener = await signUp(t.app, { roles: ['listener'] });
    const socket = await t.connect(listener);
    const update = nextEvent(
      watcher,
      'listener_status_update',
      (u) => u.listener_id === listener.id,
    );
    const ack = await emitAck(socket, 'status_change', { availability: 'available' });
    expect(ack).toEqual({ success: true, listener_availability: 'available' });
    expect(await update).toEqual({ listener_id: listener.id, availability: 'available' });

    await api(sharer, 'POST', '/match/request-chat', { listener_id: listener.id });
    const refused = await api(listener, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    expectCode(refused, 409, 'ALREADY_IN_CHAT');
    const bad = await emitAck(socket, 'status_change', { availability: 'asleep' });
    expect(bad).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
  });

  it('releases a chat the listener never opened within a minute, and tells the sharer', async () => {
    const listener = await availableListener();
    const sharer = await signUp(t.app);
    const sharerSocket = await t.connect(sharer);
    const { chatId: session_id } = await listeningChat(t.app, { listener, sharer });
    const ended = nextEvent(sharerSocket, 'chat_ended', (e) => e.session_id === session_id, 5000);
    clock.advance(61_000);
    expect(await ended).toMatchObject({ session_id, reason: 'abandoned', ended_by: null });
    expect((await findUser(t.app, listener.id))?.listenerAvailability).toBe('unavailable');
  });

  it('keeps a chat the listener opened', async () => {
    const { listener, sharer, session_id } = await chatting();
    const socket = await t.connect(listener);
    await emitAck(socket, 'join_chat', { session_id });
    clock.advance(61_000);
    await sleep(1500);
    expect((await api(sharer, 'GET', '/chat/sessions/active')).json().session_id).toBe(session_id);
  });

  it('stops offering a listener whose every socket has been gone for two minutes', async () => {
    const listener = await signUp(t.app, { roles: ['listener'] });
    const socket = await t.connect(listener);
    await emitAck(socket, 'status_change', { availability: 'available' });
    socket.close();
    await sleep(200);
    clock.advance(60_000);
    await sleep(1500);
    expect((await findUser(t.app, listener.id))?.listenerAvailability).toBe('available');
    clock.advance(61_000);
    await sleep(1500);
    expect((await findUser(t.app, listener.id))?.listenerAvailability).toBe('unavailable');
  });
});

describe('POST /feedback', () => {
  it('accepts feedback once per person after the chat ended, and recomputes the rating', async () => {
    const { listener, sharer, session_id } = await chatting();
    const early = await api(sharer, 'POST', '/feedback', {
      chat_session_id: session_id,
      rating: 5,
    });
    expect(early.json().code).toBe('SESSION_NOT_ENDED');
    await api(sharer, 'POST', `/chat/sessions/${session_id}/end`);

    const response = await api(sharer, 'POST', '/feedback', {
      chat_session_id: session_id,
      rating: 4,
      helpfulness: 5,
      empathy: 5,
      safety: 5,
      comment: 'Very helpful and understanding',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ message: 'Feedback submitted successfully' });
    expect((await findUser(t.app, listener.id))?.listenerRating).toBe(4);

    const twice = await api(sharer, 'POST', '/feedback', {
      chat_session_id: session_id,
      rating: 5,
    });
    expectCode(twice, 400, 'FEEDBACK_ALREADY_SUBMITTED');

    // A second chat rated 5 makes the listener's rating the average: 4.5.
    const second = await signUp(t.app);
    await api(listener, 'PATCH', '/users/me/availability', { availability: 'available' });
    const { session_id: next } = (
      await api(second, 'POST', '/match/request-chat', { listener_id: listener.id })
    ).json();
    await api(listener, 'POST', `/chat/sessions/${next}/end`);
    await api(second, 'POST', '/feedback', { chat_session_id: next, rating: 5 });
    expect((await findUser(t.app, listener.id))?.listenerRating).toBe(4.5);
  });

  it('refuses bad ratings, outsiders, unknown sessions, and listeners who turned feedback off', async () => {
    const { listener, sharer, session_id } = await chatting();
    await api(sharer, 'POST', `/chat/sessions/${session_id}/end`);
    for (const rating of [0, 6, 4.5, '5']) {
      const bad = await api(sharer, 'POST', '/feedback', { chat_session_id: session_id, rating });
      expect(bad.statusCode).toBe(400);
    }
    const long = await api(sharer, 'POST', '/feedback', {
      chat_session_id: session_id,
      rating: 5,
      comment: 'x'.repeat(501),
    });
    expect(long.statusCode).toBe(400);
    const outsider = await signUp(t.app);
    expect(
      (await api(outsider, 'POST', '/feedback', { chat_session_id: session_id, rating: 5 }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await api(outsider, 'POST', '/feedback', {
          chat_session_id: '00000000-0000-4000-8000-000000000000',
          rating: 5,
        })
      ).statusCode,
    ).toBe(404);
    await setUser(t.app, listener.id, { allowFeedback: false });
    const off = await api(sharer, 'POST', '/feedback', { chat_session_id: session_id, rating: 5 });
    expectCode(off, 403, 'FEEDBACK_NOT_ALLOWED');
  });
});

describe('POST /reports', () => {
  it('keeps a copy of the reported message that outlives the message itself', async () => {
    const { listener, sharer, session_id } = await chatting();
    const sent = await api(listener, 'POST', `/chat/sessions/${session_id}/messages`, {
      content: 'Something unkind',
    });
    const messageId = sent.json().message.id;

    const response = await api(sharer, 'POST', '/reports', {
      reported_user_id: listener.id,
      chat_session_id: session_id,
      message_id: messageId,
      reason: 'harassment',
      description: 'User sent inappropriate messages',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ message: 'Report submitted successfully' });
    const reportId = response.json().report_id;

    await t.app.database.db.delete((await import('../../db/schema')).conversations);
    const stored = await t.app.database.db.query.reports.findFirst({
      where: (r, { eq }) => eq(r.id, reportId),
    });
    expect(stored).toMatchObject({
      messageSnapshot: 'Something unkind',
      reason: 'harassment',
      status: 'pending',
    });
  });

  it('refuses bad reasons, long descriptions, unknown users, self-reports and outsiders', async () => {
    const { listener, sharer, session_id } = await chatting();
    const report = (user: SignedInUser, body: object) => api(user, 'POST', '/reports', body);
    const base = { reported_user_id: listener.id, reason: 'spam', description: 'Spam' };
    expect((await report(sharer, { ...base, reason: 'rude' })).statusCode).toBe(400);
    expect((await report(sharer, { ...base, description: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect((await report(sharer, { ...base, description: undefined })).statusCode).toBe(400);
    expect(
      (await report(sharer, { ...base, reported_user_id: '00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
    expect((await report(sharer, { ...base, reported_user_id: sharer.id })).statusCode).toBe(400);
    const outsider = await signUp(t.app);
    expect((await report(outsider, { ...base, chat_session_id: session_id })).statusCode).toBe(404);
    expect((await report(outsider, base)).statusCode).toBe(201);
  });
});
