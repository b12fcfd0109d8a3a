import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app';
import { type SignedInUser, signUp, callApi, type ApiCall } from '../../../test/factories';
import { closeAllSockets, connect, emitAck, listen, nextEvent } from '../../../test/sockets';
import { updateUser } from '../identity/users.repository';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await buildTestApp();
  url = await listen(t.app);
});
afterEach(() => closeAllSockets());
afterAll(async () => t?.close());

const api = (...args: ApiCall) => callApi(t.app, ...args);

async function listenerWithTopic(topic: string) {
  const listener = await signUp(t.app, { roles: ['listener'] });
  await updateUser(t.app.database.db, listener.id, {
    listenerAvailability: 'available',
    listenerTopics: [topic],
  });
  return listener;
}
const matchIds = async (sharer: SignedInUser, topic: string) =>
  (await api(sharer, 'POST', '/match/find-listeners', { topic }))
    .json()
    .matches.map((m: { id: string }) => m.id);

describe('POST /users/:id/block', () => {
  it('ends the chat they share at once, for both, and no more messages get through', async () => {
    const topic = `block-${Date.now()}`;
    const listener = await listenerWithTopic(topic);
    const sharer = await signUp(t.app);
    const { session_id } = (
      await api(sharer, 'POST', '/match/request-chat', { listener_id: listener.id })
    ).json();
    const listenerSocket = await connect(url, listener.login.access_token);
    await emitAck(listenerSocket, 'join_chat', { session_id });
    const ended = nextEvent(listenerSocket, 'chat_ended');

    const response = await api(sharer, 'POST', `/users/${listener.id}/block`, {
      reason: 'inappropriate_behavior',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      data: { message: 'User blocked successfully' },
    });
    expect(await ended).toMatchObject({ session_id, feedback_required: false });
    const refused = await emitAck(listenerSocket, 'send_message', {
      session_id,
      content: 'wait, why?',
    });
    expect(refused).toMatchObject({ success: false, code: 'CONVERSATION_ENDED' });
  });

  it('keeps the two out of each other’s matches and chat requests, both ways, until unblocked', async () => {
    const topic = `apart-${Date.now()}`;
    const listener = await listenerWithTopic(topic);
    const sharer = await signUp(t.app);
    expect(await matchIds(sharer, topic)).toEqual([listener.id]);

    // The listener blocks the sharer: the sharer no longer finds them and cannot request them.
    await api(listener, 'POST', `/users/${sharer.id}/block`);
    expect(await matchIds(sharer, topic)).toEqual([]);
    const request = await api(sharer, 'POST', '/match/request-chat', { listener_id: listener.id });
    expect(request.statusCode).toBe(400);
    expect(request.json().code).toBe('LISTENER_UNAVAILABLE');

    const unblocked = await api(listener, 'DELETE', `/users/${sharer.id}/block`);
    expect(unblocked.json()).toEqual({
      success: true,
      data: { message: 'User unblocked successfully' },
    });
    expect(await matchIds(sharer, topic)).toEqual([listener.id]);
  });

  it('refuses blocking yourself, an unknown user, a malformed id or an overlong reason', async () => {
    const user = await signUp(t.app);
    expect((await api(user, 'POST', `/users/${user.id}/block`)).statusCode).toBe(400);
    expect(
      (await api(user, 'POST', '/users/00000000-0000-4000-8000-000000000000/block')).statusCode,
    ).toBe(404);
    expect((await api(user, 'POST', '/users/nope/block')).statusCode).toBe(400);
    const other = await signUp(t.app);
    const long = await api(user, 'POST', `/users/${other.id}/block`, { reason: 'x'.repeat(101) });
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('VALIDATION_ERROR');
  });
});
