import { randomUUID } from 'node:crypto';
import type { ChatMessage, Conversation, ErrorBody } from '@kindred/protocol';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../../../test/app';
import { conversations } from '../../db/schema';
import { createConversation, signUp, type SignedInUser } from '../../../test/factories';
import { storedListeningChat } from '../../../test/scenarios';
import {
  type ClientSocket,
  collect,
  connect,
  connectAs,
  emitAck,
  failed,
  listen,
  nextEvent,
  sleep,
} from '../../../test/sockets';

const t = useTestApp({ env: { RATE_LIMIT_MESSAGES_PER_MIN: '1000' } });

/** A sharer and a listener in a new listening chat, both connected and joined. */
async function pair() {
  const { sharer, listener, chatId } = await storedListeningChat(t.app);
  const a = await t.connect(sharer);
  const b = await t.connect(listener);
  await emitAck(a, 'join_chat', { session_id: chatId });
  await emitAck(b, 'join_chat', { session_id: chatId });
  return { sharer, listener, chat: { id: chatId }, a, b };
}

async function send(
  socket: ClientSocket,
  sessionId: string,
  content: string,
  clientMsgId?: string,
) {
  return emitAck<{ message: ChatMessage }>(socket, 'send_message', {
    session_id: sessionId,
    content,
    client_msg_id: clientMsgId ?? randomUUID(),
  });
}

describe('handshake', () => {
  it('accepts the access token in auth.token or in the access_token cookie', async () => {
    const user = await signUp(t.app);
    expect((await t.connect(user)).connected).toBe(true);
    const viaCookie = await connect(t.url, undefined, {
      extraHeaders: { cookie: `access_token=${user.login.access_token}` },
    });
    expect(viaCookie.connected).toBe(true);
  });

  it.each([
    ['no token', undefined, 'UNAUTHENTICATED'],
    ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'INVALID_TOKEN'],
  ])('refuses %s with a connect_error that says why', async (_label, bad, code) => {
    const error = await connect(t.url, bad).then(
      () => undefined,
      (e: Error & { data?: ErrorBody }) => e,
    );
    expect(error?.data?.code).toBe(code);
    expect(error?.message.length).toBeGreaterThan(5);
  });

  it('refuses a browser connecting from a foreign origin', async () => {
    const user = await signUp(t.app);
    await expect(
      t.connect(user, { extraHeaders: { origin: 'https://evil.example' } }),
    ).rejects.toThrow();
  });
});

describe('join_chat and leave_chat', () => {
  it('lets members join, tells the others, and describes the conversation', async () => {
    const { sharer, listener, chatId } = await storedListeningChat(t.app);
    const chat = { id: chatId };
    const a = await t.connect(sharer);
    const b = await t.connect(listener);
    await emitAck(a, 'join_chat', { session_id: chat.id });
    const joined = nextEvent(a, 'user_joined');
    const ack = await emitAck<{ conversation: Conversation }>(b, 'join_chat', {
      session_id: chat.id,
    });
    expect(ack.success).toBe(true);
    const conversation = (ack as { conversation: Conversation }).conversation;
    expect(conversation).toMatchObject({ kind: 'listening', status: 'active' });
    expect(conversation.members.map((m) => m.pseudonym).sort()).toEqual(
      [sharer.pseudonym, listener.pseudonym].sort(),
    );
    expect(conversation.members.every((m) => m.online)).toBe(true);
    expect(JSON.stringify(conversation)).not.toContain('@');
    expect(await joined).toEqual({
      session_id: chat.id,
      user_id: listener.id,
      pseudonym: listener.pseudonym,
    });

    const left = nextEvent(a, 'user_left');
    expect((await emitAck(b, 'leave_chat', { session_id: chat.id })).success).toBe(true);
    expect((await left).user_id).toBe(listener.id);
  });

  it('refuses non-members, unknown chats and bad payloads', async () => {
    const { chat } = await pair();
    const outsider = await t.connect(await signUp(t.app));
    // Not a member and no such chat get one answer: nobody learns that a chat exists.
    expect(failed(await emitAck(outsider, 'join_chat', { session_id: chat.id })).code).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    expect(failed(await emitAck(outsider, 'join_chat', { session_id: randomUUID() })).code).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    expect(failed(await emitAck(outsider, 'join_chat', { session_id: 'nope' })).code).toBe(
      'VALIDATION_ERROR',
    );
    expect(failed(await emitAck(outsider, 'join_chat', 'a string')).code).toBe('VALIDATION_ERROR');
  });
});

describe('send_message', () => {
  it('stores the message, acks the sender and delivers it to every device of every member', async () => {
    const { sharer, chat, a, b } = await pair();
    const secondTab = await t.connect(sharer);
    const atListener = nextEvent(b, 'new_message');
    const atSecondTab = nextEvent(secondTab, 'new_message');
    const ack = await send(a, chat.id, 'I have been feeling really anxious lately.');
    expect(ack.success).toBe(true);
    const { message } = ack as { message: ChatMessage };
    expect(message).toMatchObject({
      seq: 1,
      is_own_message: true,
      sender_pseudonym: sharer.pseudonym,
    });
    expect(message.id).toBe(message.message_id);
    expect(await atListener).toMatchObject({
      id: message.id,
      is_own_message: false,
      content: message.content,
    });
    expect(await atSecondTab).toMatchObject({ id: message.id, is_own_message: true });
  });

  it('never stores a retried message twice: same client_msg_id, same message, one delivery', async () => {
    const { chat, a, b } = await pair();
    const received = collect(b, 'new_message');
    const id = randomUUID();
    const first = (await send(a, chat.id, 'Are you there?', id)) as { message: ChatMessage };
    const again = (await send(a, chat.id, 'Are you there?', id)) as { message: ChatMessage };
    expect(again.message.id).toBe(first.message.id);
    await sleep(200);
    // The retry re-announces the same stored message (in case the first emit never left its
    // node); it is one message, the same id both times.
    expect(new Set(received.map((m) => m.id))).toEqual(new Set([first.message.id]));
    const next = (await send(a, chat.id, 'Hello?')) as { message: ChatMessage };
    expect(next.message.seq).toBe(first.message.seq + 1);
  });

  it.each([
    ['empty content', { content: '   ' }, 'VALIDATION_ERROR'],
    ['2001 characters', { content: 'x'.repeat(2001) }, 'VALIDATION_ERROR'],
    ['an unknown field', { content: 'hi', urgent: true }, 'VALIDATION_ERROR'],
    ['a bad client_msg_id', { content: 'hi', client_msg_id: '42' }, 'VALIDATION_ERROR'],
    ['a payload over 16 KB', { content: 'hi', padding: 'x'.repeat(17_000) }, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s', async (_label, extra, code) => {
    const { chat, a } = await pair();
    const ack = await emitAck(a, 'send_message', { session_id: chat.id, ...extra });
    expect(ack.success).toBe(false);
    expect(failed(ack).code).toBe(code);
    expect(failed(ack).error.length).toBeGreaterThan(5);
    expect(a.connected).toBe(true);
  });

  it('refuses non-members and ended conversations', async () => {
    const { chat, a } = await pair();
    const outsider = await t.connect(await signUp(t.app));
    expect(failed(await send(outsider, chat.id, 'hi')).code).toBe('CONVERSATION_NOT_FOUND');
    await t.app.database.db
      .update(conversations)
      .set({ status: 'ended' })
      .where(eq(conversations.id, chat.id));
    expect(failed(await send(a, chat.id, 'still there?')).code).toBe('CONVERSATION_ENDED');
  });

  it('blocks contact details without storing them, and says why calmly', async () => {
    const { chat, a, b } = await pair();
    const received = collect(b, 'new_message');
    const ack = failed(await send(a, chat.id, 'text me on 555 123 4567'));
    expect(ack.code).toBe('MESSAGE_BLOCKED');
    expect(ack.error).toMatch(/contact/i);
    await sleep(100);
    expect(received).toEqual([]);
    expect(await t.app.database.db.query.messages.findMany()).not.toContainEqual(
      expect.objectContaining({ content: 'text me on 555 123 4567' }),
    );
  });

  it('delivers a flagged message, records it for review and gives the sender a crisis card', async () => {
    const { chat, a, b } = await pair();
    const atListener = nextEvent(b, 'new_message');
    const ack = await emitAck<{ message: ChatMessage; crisis_support: { title: string } }>(
      a,
      'send_message',
      { session_id: chat.id, content: 'I just want to end it all', client_msg_id: randomUUID() },
    );
    expect(ack.success).toBe(true);
    expect(
      (ack as { crisis_support: { title: string } }).crisis_support.title.length,
    ).toBeGreaterThan(5);
    expect((await atListener).content).toBe('I just want to end it all');
    const events = await t.app.database.db.query.moderationEvents.findMany();
    expect(
      events.some(
        (e) => e.status === 'flagged' && e.contentSnapshot === 'I just want to end it all',
      ),
    ).toBe(true);
  });

  it('limits each user to the configured messages per minute', async () => {
    const limited = await buildTestApp({ env: { RATE_LIMIT_MESSAGES_PER_MIN: '3' } });
    try {
      const limitedUrl = await listen(limited.app);
      const { sharer: x, chatId } = await storedListeningChat(limited.app);
      const chat = { id: chatId };
      const socket = await connectAs(limitedUrl, x);
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const [i, id] of ids.entries()) {
        expect((await send(socket, chat.id, `m${i}`, id)).success).toBe(true);
      }
      const fourth = failed(await send(socket, chat.id, 'one too many'));
      expect(fourth.code).toBe('RATE_LIMITED');
      // A retry of a message already stored is still answered with it, limit or not.
      const retry = await send(socket, chat.id, 'm0', ids[0]);
      expect(retry).toMatchObject({ success: true, message: { content: 'm0', seq: 1 } });
    } finally {
      await limited.close();
    }
  });
});

describe('typing, read receipts and reactions', () => {
  it('relays typing to the other member only, at most once per 2 seconds', async () => {
    const { listener, chat, a, b } = await pair();
    const atSharer = collect(a, 'user_typing');
    const atListener = collect(b, 'user_typing');
    await emitAck(b, 'typing', { session_id: chat.id });
    await emitAck(b, 'typing', { session_id: chat.id });
    await sleep(200);
    expect(atSharer).toEqual([
      { session_id: chat.id, user_id: listener.id, pseudonym: listener.pseudonym },
    ]);
    expect(atListener).toEqual([]);
  });

  it('tells everyone how far a member has read, and never moves the marker back', async () => {
    const { sharer, chat, a, b } = await pair();
    await send(a, chat.id, 'one');
    await send(a, chat.id, 'two');
    const seen = nextEvent(a, 'message_read');
    const ack = await emitAck<{ last_read_seq: number }>(b, 'mark_read', {
      session_id: chat.id,
      seq: 2,
    });
    expect(ack).toMatchObject({ success: true, last_read_seq: 2 });
    expect((await seen).last_read_seq).toBe(2);
    const back = await emitAck(b, 'mark_read', { session_id: chat.id, seq: 1 });
    expect(back).toMatchObject({ last_read_seq: 2 });
    const beyond = await emitAck(b, 'mark_read', { session_id: chat.id, seq: 99 });
    expect(beyond).toMatchObject({ last_read_seq: 2 });
    void sharer;
  });

  it('adds and removes reactions, telling both members', async () => {
    const { listener, chat, a, b } = await pair();
    const { message } = (await send(a, chat.id, 'Thank you for listening')) as {
      message: ChatMessage;
    };
    const update = nextEvent(a, 'message_reaction_update');
    const added = await emitAck(b, 'message_reaction', {
      session_id: chat.id,
      message_id: message.id,
      emoji: '❤️',
    });
    expect(added).toMatchObject({
      success: true,
      reactions: [{ emoji: '❤️', count: 1, user_ids: [listener.id] }],
    });
    expect((await update).reactions).toEqual([{ emoji: '❤️', count: 1, user_ids: [listener.id] }]);
    const removed = await emitAck(b, 'message_reaction', {
      session_id: chat.id,
      message_id: message.id,
      emoji: '❤️',
    });
    expect(removed).toMatchObject({ success: true, reactions: [] });
    const bad = await emitAck(b, 'message_reaction', {
      session_id: chat.id,
      message_id: message.id,
      emoji: '💣',
    });
    expect(failed(bad).code).toBe('VALIDATION_ERROR');
  });
});

describe('edit and delete', () => {
  it('lets a member edit their own message and shows everyone the new text', async () => {
    const { chat, a, b } = await pair();
    const { message } = (await send(a, chat.id, 'I feel anxios')) as { message: ChatMessage };
    const updated = nextEvent(b, 'message_updated');
    const ack = await emitAck<{ message: ChatMessage }>(a, 'edit_message', {
      session_id: chat.id,
      message_id: message.id,
      content: 'I feel anxious',
    });
    expect(ack.success).toBe(true);
    const seen = await updated;
    expect(seen).toMatchObject({ id: message.id, content: 'I feel anxious', seq: message.seq });
    expect(seen.edited_at).not.toBeNull();
    expect(seen.version_seq).toBeGreaterThan(message.version_seq);
    const notMine = await emitAck(b, 'edit_message', {
      session_id: chat.id,
      message_id: message.id,
      content: 'x',
    });
    expect(failed(notMine).code).toBe('FORBIDDEN');
  });

  it('deletes a message for everyone, leaving "message deleted" in its place', async () => {
    const { listener, chat, a, b } = await pair();
    const { message } = (await send(a, chat.id, 'Something I regret saying')) as {
      message: ChatMessage;
    };
    const updated = nextEvent(b, 'message_updated');
    expect(
      (await emitAck(a, 'delete_message', { session_id: chat.id, message_id: message.id })).success,
    ).toBe(true);
    expect(await updated).toMatchObject({ id: message.id, content: '' });
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chat/sessions/${chat.id}/messages`,
      headers: listener.headers,
    });
    const [shown] = history.json().messages;
    expect(shown.deleted_at).not.toBeNull();
    expect(history.body).not.toContain('Something I regret saying');
  });
});

describe('presence', () => {
  it('is online while any tab is open, and offline with last_active when the last one closes', async () => {
    const { sharer, listener } = await storedListeningChat(t.app);
    const b = await t.connect(listener);
    const online = collect(b, 'user_online');
    const offline = collect(b, 'user_offline');
    const firstTab = await t.connect(sharer);
    const secondTab = await t.connect(sharer);
    await sleep(200);
    expect(online.map((p) => p.user_id)).toEqual([sharer.id]);

    firstTab.close();
    await sleep(200);
    expect(offline).toEqual([]);

    secondTab.close();
    const gone = await nextEvent(b, 'user_offline');
    expect(gone).toMatchObject({ user_id: sharer.id, online: false });
    expect(Date.parse(gone.last_active ?? '')).toBeGreaterThan(Date.now() - 10_000);
  });

  it('tells a partner of each of many people who leave at once, and serves them meanwhile', async () => {
    const partner = await signUp(t.app);
    const people: SignedInUser[] = [];
    for (let i = 0; i < 16; i++) people.push(await signUp(t.app));
    for (const person of people) {
      await createConversation(t.app, {
        kind: 'direct',
        members: [{ id: person.id }, { id: partner.id }],
      });
    }
    const watching = await t.connect(partner);
    const online = collect(watching, 'user_online');
    const offline = collect(watching, 'user_offline');
    const sockets = await Promise.all(people.map((person) => t.connect(person)));
    const everyone = people.map((person) => person.id).sort();
    await expect.poll(() => online.map((p) => p.user_id).sort()).toEqual(everyone);

    // Everyone's connection drops at once (a network blip): the news goes out a few at a time.
    for (const socket of sockets) socket.close();
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: partner.headers,
    });
    expect(me.statusCode).toBe(200);
    await expect.poll(() => offline.map((p) => p.user_id).sort()).toEqual(everyone);
  });
});

describe('reconnect and resync', () => {
  it('gives a client that was away everything created or changed since what it last saw', async () => {
    const { listener, chat, a, b } = await pair();
    // Listening before the send: the other member may hear of it before the sender's ack.
    const delivered = nextEvent(b, 'new_message');
    const { message: first } = (await send(a, chat.id, 'first')) as { message: ChatMessage };
    await delivered;
    const seenVersion = first.version_seq;
    b.close();

    await send(a, chat.id, 'second');
    await send(a, chat.id, 'third');
    await emitAck(a, 'edit_message', {
      session_id: chat.id,
      message_id: first.id,
      content: 'first (edited)',
    });

    const back = await t.connect(listener);
    const ack = await emitAck<{ messages: ChatMessage[]; has_more: boolean }>(back, 'sync', {
      session_id: chat.id,
      after_version_seq: seenVersion,
    });
    expect(ack.success).toBe(true);
    const { messages, has_more } = ack as { messages: ChatMessage[]; has_more: boolean };
    expect(has_more).toBe(false);
    expect(messages.map((m) => m.content)).toEqual(['second', 'third', 'first (edited)']);
    const versions = messages.map((m) => m.version_seq);
    expect([...versions].sort((x, y) => x - y)).toEqual(versions);

    const paged = await emitAck<{ messages: ChatMessage[]; has_more: boolean }>(back, 'sync', {
      session_id: chat.id,
      after_version_seq: 0,
      limit: 2,
    });
    expect(paged).toMatchObject({ has_more: true });
  });
});

describe('GET /chat/sessions/:sessionId/messages', () => {
  it('pages history oldest first, with is_own_message', async () => {
    const { sharer, listener, chat, a, b } = await pair();
    for (let i = 1; i <= 5; i++) await send(i % 2 ? a : b, chat.id, `message ${i}`);
    const get = (user: SignedInUser, query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/chat/sessions/${chat.id}/messages${query}`,
        headers: user.headers,
      });

    const latest = (await get(sharer, '?limit=2')).json();
    expect(latest.has_more).toBe(true);
    expect(latest.messages.map((m: ChatMessage) => m.content)).toEqual(['message 4', 'message 5']);
    expect(latest.messages[0]).toMatchObject({
      is_own_message: false,
      sender_pseudonym: listener.pseudonym,
    });
    expect(latest.messages[1]).toMatchObject({
      is_own_message: true,
      sender_pseudonym: sharer.pseudonym,
    });

    const older = (await get(sharer, `?limit=50&before=${latest.messages[0].id}`)).json();
    expect(older.has_more).toBe(false);
    expect(older.messages.map((m: ChatMessage) => m.content)).toEqual([
      'message 1',
      'message 2',
      'message 3',
    ]);

    const sameTable = await t.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${chat.id}/messages?limit=50`,
      headers: listener.headers,
    });
    // The direct-message path reads the same table, in its own envelope.
    expect(sameTable.json().data.messages).toHaveLength(5);
  });

  it('answers 404 for non-members and unknown sessions alike, and 400 for bad queries', async () => {
    const { chat } = await pair();
    const outsider = await signUp(t.app);
    const get = (path: string) =>
      t.app.inject({ method: 'GET', url: path, headers: outsider.headers });
    expect((await get(`/api/v1/chat/sessions/${chat.id}/messages`)).json().code).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    expect((await get(`/api/v1/chat/sessions/${randomUUID()}/messages`)).statusCode).toBe(404);
    expect((await get(`/api/v1/chat/sessions/${chat.id}/messages?limit=201`)).statusCode).toBe(400);
    expect((await get(`/api/v1/chat/sessions/${chat.id}/messages?before=x`)).statusCode).toBe(400);
    expect((await get('/api/v1/chat/sessions/not-a-uuid/messages')).statusCode).toBe(400);
  });

  it('sends through the same pipeline over HTTP, idempotently', async () => {
    const { sharer, chat, b } = await pair();
    const atListener = collect(b, 'new_message');
    const body = { content: 'Sent from a slow connection', client_msg_id: randomUUID() };
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/chat/sessions/${chat.id}/messages`,
        headers: sharer.headers,
        payload: body,
      });
    const first = await post();
    expect(first.statusCode).toBe(201);
    const second = await post();
    expect(second.json().message.id).toBe(first.json().message.id);
    await sleep(200);
    expect(new Set(atListener.map((m) => m.id))).toEqual(new Set([first.json().message.id]));
  });
});
