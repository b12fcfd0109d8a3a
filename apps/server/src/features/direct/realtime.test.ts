import type { ChatMessage } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import type { SignedInUser } from '../../../test/factories';
import { directChat, listeningChat } from '../../../test/scenarios';
import { type ClientSocket, collect, emitAck, nextEvent, sleep } from '../../../test/sockets';

const t = useTestApp();
const { api } = t;
const devices = (user: SignedInUser, n = 2) =>
  Promise.all(Array.from({ length: n }, () => t.connect(user)));

/** A direct conversation between two who had a listening session, which has since ended. */
const chatting = () => directChat(t.app, { content: 'Hello from the request', sessionEnded: true });

/** Lets events already on their way arrive before asserting that one did not. */
const settle = () => sleep(300);

describe('direct messages over sockets, on several devices', () => {
  it('delivers new_message to every device of both users, from HTTP and from the socket', async () => {
    const { a, b, id } = await chatting();
    const sockets = [...(await devices(a)), ...(await devices(b))];
    const arrivals = (content: string) =>
      Promise.all(
        sockets.map((s) => nextEvent(s, 'new_message', (m: ChatMessage) => m.content === content)),
      );

    const overHttp = arrivals('over http');
    await api(a, 'POST', '/messages/send', { receiver_id: b.id, content: 'over http' });
    const received = await overHttp;
    expect(received.map((m) => m.session_id)).toEqual(Array(4).fill(id));
    expect(received.map((m) => m.is_own_message)).toEqual([true, true, false, false]);

    const overSocket = arrivals('over socket');
    const ack = await emitAck(sockets[2]!, 'send_message', {
      session_id: id,
      content: 'over socket',
    });
    expect(ack).toMatchObject({ success: true, message: { content: 'over socket' } });
    expect((await overSocket).map((m) => m.sender_id)).toEqual(Array(4).fill(b.id));
  });

  it('sends message_request to every device of the receiver, and the answer to both users', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const receiverDevices = await devices(listener);
    const [senderDevice] = await devices(sharer, 1);
    const requests = Promise.all(receiverDevices.map((s) => nextEvent(s, 'message_request')));
    const sent = await api(sharer, 'POST', '/messages/request', {
      receiver_id: listener.id,
      content: 'Hello there',
    });
    const requestId = sent.json().data.request_id;
    expect((await requests).map((r) => r.id)).toEqual([requestId, requestId]);

    const answers = Promise.all(
      [...receiverDevices, senderDevice!].map((s) => nextEvent(s, 'message_request_updated')),
    );
    await api(listener, 'POST', `/messages/request/${requestId}/respond`, { action: 'decline' });
    expect((await answers).map((r) => r.status)).toEqual(['declined', 'declined', 'declined']);
  });

  it('hides cleared messages from the member who cleared, in sync too, on every device', async () => {
    const { a, b, id } = await chatting();
    await api(b, 'POST', '/messages/send', { conversation_id: id, content: 'old news' });
    await api(a, 'POST', `/conversations/${id}/clear`);
    await api(b, 'POST', '/messages/send', { conversation_id: id, content: 'fresh' });
    const [aPhone] = await devices(a, 1);
    const [bPhone] = await devices(b, 1);
    const mine = await emitAck<{ messages: ChatMessage[] }>(aPhone!, 'sync', {
      session_id: id,
      after_version_seq: 0,
    });
    expect(mine.success && mine.messages.map((m) => m.content)).toEqual(['fresh']);
    const theirs = await emitAck<{ messages: ChatMessage[] }>(bPhone!, 'sync', {
      session_id: id,
      after_version_seq: 0,
    });
    expect(theirs.success && theirs.messages.map((m) => m.content)).toEqual([
      'Hello from the request',
      'old news',
      'fresh',
    ]);
  });

  it('tells every device of the member (and only them) when they mute, clear or archive', async () => {
    const { a, b, id } = await chatting();
    const [laptop, phone] = await devices(a);
    const [partner] = await devices(b, 1);
    const partnerHears = collect(partner!, 'conversation_settings');
    const both = () =>
      Promise.all([laptop!, phone!].map((s) => nextEvent(s, 'conversation_settings')));
    const muted = both();
    await api(a, 'POST', `/conversations/${id}/mute`, { duration: 'always' });
    expect(await muted).toEqual([
      expect.objectContaining({ conversation_id: id, muted_until: '9999-12-31T23:59:59.000Z' }),
      expect.objectContaining({ conversation_id: id, muted_until: '9999-12-31T23:59:59.000Z' }),
    ]);
    const archived = both();
    await api(a, 'POST', `/conversations/${id}/archive`);
    expect((await archived).map((e) => e.archived)).toEqual([true, true]);
    const cleared = both();
    await api(a, 'POST', `/conversations/${id}/clear`);
    expect((await cleared)[0]!.cleared_before_seq).toBeGreaterThan(0);
    await settle();
    expect(partnerHears).toEqual([]);
  });

  it('refuses socket sends in a blocked conversation with USER_BLOCKED', async () => {
    const { a, b, id } = await chatting();
    const [socket] = await devices(a, 1);
    await api(b, 'POST', `/users/${a.id}/block`);
    const ack = await emitAck(socket!, 'send_message', { session_id: id, content: 'hello?' });
    expect(ack).toMatchObject({ success: false, code: 'USER_BLOCKED' });
    // Nor is typing relayed any more.
    expect(await emitAck(socket!, 'typing', { session_id: id })).toEqual({
      success: true,
      relayed: false,
    });
  });
});

describe('read receipts follow the privacy rule', () => {
  async function readOnce(reader: ClientSocket, id: string, seq: number) {
    return emitAck(reader, 'mark_read', { session_id: id, seq });
  }

  it('relays message_read when both have receipts on', async () => {
    const { a, b, id } = await chatting();
    const [aSocket] = await devices(a, 1);
    const [bSocket] = await devices(b, 1);
    const sent = (
      await api(a, 'POST', '/messages/send', { conversation_id: id, content: 'hi' })
    ).json().data.chat_message as ChatMessage;
    const receipt = nextEvent(aSocket!, 'message_read');
    expect(await readOnce(bSocket!, id, sent.seq)).toMatchObject({
      success: true,
      last_read_seq: sent.seq,
    });
    expect(await receipt).toMatchObject({
      session_id: id,
      user_id: b.id,
      read_by: b.id,
      last_read_seq: sent.seq,
      message_id: sent.id,
    });
  });

  it.each(['reader', 'sender'] as const)(
    'relays nothing when the %s turned receipts off (neither side sees them)',
    async (who) => {
      const { a, b, id } = await chatting();
      await api(who === 'reader' ? b : a, 'PATCH', '/users/me', {
        privacy_settings: { read_receipts: false },
      });
      const [aSocket] = await devices(a, 1);
      const [bSocket] = await devices(b, 1);
      const toSender = collect(aSocket!, 'message_read');
      const toReader = collect(bSocket!, 'message_read');
      const sent = (
        await api(a, 'POST', '/messages/send', { conversation_id: id, content: 'hi' })
      ).json().data.chat_message as ChatMessage;
      await readOnce(bSocket!, id, sent.seq);
      await api(b, 'PUT', `/messages/${sent.id}/read`);
      const back = (
        await api(b, 'POST', '/messages/send', { conversation_id: id, content: 'yo' })
      ).json().data.chat_message as ChatMessage;
      await readOnce(aSocket!, id, back.seq);
      await settle();
      expect(toSender).toEqual([]);
      expect(toReader).toEqual([]);
      // The partner's marker is not revealed through the conversation either.
      const joined = await emitAck<{
        conversation: { members: { user_id: string; last_read_seq: number }[] };
      }>(aSocket!, 'join_chat', { session_id: id });
      const partner = joined.success && joined.conversation.members.find((m) => m.user_id === b.id);
      expect(partner && partner.last_read_seq).toBe(0);
      // Unread counts still move for the reader.
      const inbox = (await api(b, 'GET', '/conversations')).json();
      expect(inbox.data.conversations[0]).toMatchObject({ id, unread_count: 0 });
    },
  );
});

describe('presence between direct partners', () => {
  it('relays user_online/user_offline between partners, and nothing after a block', async () => {
    const { a, b } = await chatting();
    const [bSocket] = await devices(b, 1);
    const online = nextEvent(bSocket!, 'user_online', (p) => p.user_id === a.id);
    const [aSocket] = await devices(a, 1);
    expect(await online).toMatchObject({ user_id: a.id, online: true });
    const offline = nextEvent(bSocket!, 'user_offline', (p) => p.user_id === a.id);
    aSocket!.close();
    expect(await offline).toMatchObject({ user_id: a.id, online: false });

    await api(b, 'POST', `/users/${a.id}/block`);
    // a comes and goes while b watches: b hears nothing.
    const bHears = [...(['user_online', 'user_offline'] as const)].map((e) => collect(bSocket!, e));
    const [again] = await devices(a, 1);
    again!.close();
    await settle();
    // b comes and goes while a watches: a hears nothing either.
    const [aWatching] = await devices(a, 1);
    const aHears = [...(['user_online', 'user_offline'] as const)].map((e) =>
      collect(aWatching!, e),
    );
    bSocket!.close();
    await settle();
    const [bAgain] = await devices(b, 1);
    await settle();
    bAgain!.close();
    await settle();
    expect(bHears.flat().filter((p) => p.user_id === a.id)).toEqual([]);
    expect(aHears.flat().filter((p) => p.user_id === b.id)).toEqual([]);
    const inbox = (await api(a, 'GET', '/conversations')).json();
    expect(inbox.data.conversations[0].user).toMatchObject({ is_online: null, last_active: null });
  });

  it('hides the online state of someone who turned show_online_status off', async () => {
    const { a, b, id } = await chatting();
    await api(a, 'PATCH', '/users/me', { privacy_settings: { show_online_status: false } });
    const [bSocket] = await devices(b, 1);
    const seen = collect(bSocket!, 'user_online');
    await devices(a, 1);
    await settle();
    expect(seen.filter((p) => p.user_id === a.id)).toEqual([]);
    const inbox = (await api(b, 'GET', '/conversations')).json();
    expect(inbox.data.conversations[0].user).toMatchObject({ id: a.id, is_online: null });
    const joined = await emitAck<{
      conversation: { members: { user_id: string; online: boolean }[] };
    }>(bSocket!, 'join_chat', { session_id: id });
    expect(
      joined.success && joined.conversation.members.find((m) => m.user_id === a.id),
    ).toMatchObject({ online: false, last_active: null });
    // They still see their partner.
    const theirs = (await api(a, 'GET', '/conversations')).json();
    expect(theirs.data.conversations[0].user).toMatchObject({ id: b.id, is_online: true });
  });
});
