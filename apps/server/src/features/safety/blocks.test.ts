import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { approvedListener, listeningChat } from '../../../test/scenarios';
import { emitAck, nextEvent } from '../../../test/sockets';

const t = useTestApp();
const { api } = t;

const listenerWithTopic = (topic: string) =>
  approvedListener(t.app, { profile: { listenerTopics: [topic] } });
const matchIds = async (sharer: SignedInUser, topic: string) =>
  (await api(sharer, 'POST', '/match/find-listeners', { topic }))
    .json()
    .matches.map((m: { id: string }) => m.id);

describe('POST /users/:id/block', () => {
  it('ends the chat they share at once, for both, and no more messages get through', async () => {
    const topic = `block-${Date.now()}`;
    const {
      listener,
      sharer,
      chatId: session_id,
    } = await listeningChat(t.app, {
      listener: await listenerWithTopic(topic),
    });
    const listenerSocket = await t.connect(listener);
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
    expectCode(request, 400, 'LISTENER_UNAVAILABLE');

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
    expectCode(long, 400, 'VALIDATION_ERROR');
  });
});
