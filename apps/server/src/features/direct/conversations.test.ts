import {
  conversationSettingsResponseSchema,
  conversationsResponseSchema,
  directHistoryResponseSchema,
  sendDirectMessageResponseSchema,
} from '@kindred/protocol';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { postForm, type SignedInUser, signUp } from '../../../test/factories';
import { multipartFile, tinyPng } from '../../../test/multipart';
import {
  acceptedRequest,
  approvedListener,
  directChat,
  listeningChat,
  storedListeningChat,
} from '../../../test/scenarios';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock(new Date('2026-11-10T09:00:00Z'));
const t = useTestApp({ clock });
const { api } = t;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Two users with a direct conversation opened by a request from `a`. */
const chatting = () => directChat(t.app, { content: 'Hello from the request' });
const send = (from: SignedInUser, body: object) => api(from, 'POST', '/messages/send', body);
const inbox = async (user: SignedInUser, query = '') =>
  conversationsResponseSchema.parse((await api(user, 'GET', `/conversations${query}`)).json());

describe('POST /messages/send', () => {
  it('sends to the receiver with the documented fields, through the pipeline (idempotent by client_msg_id)', async () => {
    const { a, b, id } = await chatting();
    clock.advance(1000);
    const client_msg_id = randomUUID();
    const body = {
      receiver_id: b.id,
      content: "Thanks for accepting! What's your favorite hiking spot?",
      message_type: 'text',
      client_msg_id,
    };
    const response = await send(a, body);
    expect(response.statusCode).toBe(201);
    const sent = sendDirectMessageResponseSchema.parse(response.json());
    expect(sent.data).toMatchObject({
      conversation_id: id,
      message: 'Message sent successfully',
      created_at: clock.now().toISOString(),
      chat_message: { content: body.content, sender_id: a.id, client_msg_id, kind: 'text' },
    });
    expect(sent.data.message_id).toBe(sent.data.chat_message.id);
    const retry = await send(a, body);
    expect(retry.json().data.message_id).toBe(sent.data.message_id);

    // By conversation id too; the history has each message once, oldest first.
    await send(b, { conversation_id: id, content: 'The ridge walk' });
    const history = directHistoryResponseSchema.parse(
      (await api(a, 'GET', `/conversations/${id}/messages`)).json(),
    );
    expect(history.data.messages.map((m) => [m.sender_id, m.receiver_id, m.content])).toEqual([
      [a.id, b.id, 'Hello from the request'],
      [a.id, b.id, body.content],
      [b.id, a.id, 'The ridge walk'],
    ]);
    expect(history.data.messages[1]).toMatchObject({ is_request: false, request_status: null });
  });

  it('refuses without a conversation or accepted request, bad types, and bad input', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const noRequest = await send(sharer, { receiver_id: listener.id, content: 'Hi' });
    expectCode(noRequest, 403, 'UNAUTHORIZED_ACTION');
    const stranger = await signUp(t.app);
    const notAllowed = await send(stranger, { receiver_id: listener.id, content: 'Hi' });
    expectCode(notAllowed, 403, 'MESSAGE_REQUEST_NOT_ALLOWED');

    const { a, b, id } = await chatting();
    const badType = await send(a, { conversation_id: id, content: 'Hi', message_type: 'emoji' });
    expectCode(badType, 400, 'INVALID_MESSAGE_TYPE');
    const noFile = await send(a, { conversation_id: id, content: '', message_type: 'image' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ path: 'attachment_id' }],
    });
    const outsider = await send(stranger, { conversation_id: id, content: 'Hi' });
    expectCode(outsider, 404, 'CONVERSATION_NOT_FOUND');
    const wrongPair = await send(a, {
      conversation_id: id,
      receiver_id: stranger.id,
      content: 'x',
    });
    expect(wrongPair.statusCode).toBe(400);
    const self = await send(a, { receiver_id: a.id, content: 'me' });
    expect(self.statusCode).toBe(400);
    for (const body of [
      {},
      { content: 'no target' },
      { receiver_id: b.id },
      { receiver_id: b.id, content: '  ' },
      { receiver_id: 'nope', content: 'x' },
      { receiver_id: b.id, content: 'x'.repeat(2001) },
      { receiver_id: b.id, content: 'x', unknown: 1 },
      { receiver_id: b.id, content: ['x'] },
      { receiver_id: b.id, content: 'x', client_msg_id: 'not-a-uuid' },
    ]) {
      const response = await send(a, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().success).toBe(false);
    }
    const blocked = await send(a, { conversation_id: id, content: 'call me on 07700 900123' });
    expectCode(blocked, 422, 'MESSAGE_BLOCKED');
  });

  it('sends an uploaded image with message_type image; a contradicting type is refused', async () => {
    const { a, b, id } = await chatting();
    const file = multipartFile({ filename: 'p.png', contentType: 'image/png', bytes: tinyPng });
    const uploaded = await postForm(t.app, a, `/conversations/${id}/attachments`, file);
    expect(uploaded.statusCode).toBe(201);
    const attachmentId = uploaded.json().id;
    const wrong = await send(a, {
      receiver_id: b.id,
      content: '',
      message_type: 'voice',
      attachment_id: attachmentId,
    });
    expectCode(wrong, 400, 'INVALID_MESSAGE_TYPE');
    const asText = await send(a, { receiver_id: b.id, content: 'x', attachment_id: attachmentId });
    expect(asText.json().code).toBe('INVALID_MESSAGE_TYPE');
    const sent = await send(a, {
      receiver_id: b.id,
      content: 'the view',
      message_type: 'image',
      attachment_id: attachmentId,
    });
    expect(sent.statusCode).toBe(201);
    const history = (await api(b, 'GET', `/conversations/${id}/messages`)).json();
    expect(history.data.messages.at(-1)).toMatchObject({
      message_type: 'image',
      content: 'the view',
      sender_id: a.id,
    });
  });

  it('answers a flagged message with one calm crisis card', async () => {
    const { a, id } = await chatting();
    const response = await send(a, { conversation_id: id, content: 'I want to kill myself' });
    expect(response.statusCode).toBe(201);
    expect(response.json().data.crisis_support).toMatchObject({ title: expect.any(String) });
  });
});

describe('GET /conversations', () => {
  it('lists by last activity with the last message, unread count, partner and mute state', async () => {
    const me = await signUp(t.app);
    const chats = [];
    for (let i = 0; i < 3; i++) {
      // A listening session with each of three listeners, one after another.
      const listener = await approvedListener(t.app);
      const session = await api(me, 'POST', '/match/request-chat', { listener_id: listener.id });
      await api(me, 'POST', `/chat/sessions/${session.json().session_id}/end`);
      clock.advance(1000);
      const id = await acceptedRequest(t.app, me, listener, `Hello ${i}`);
      chats.push({ id, partner: listener });
    }
    clock.advance(1000);
    // The first conversation gets a reply: it moves to the top with one unread message.
    await send(chats[0]!.partner, { conversation_id: chats[0]!.id, content: 'Hi back' });

    const page1 = await inbox(me, '?limit=2');
    expect(page1.data.conversations.map((c) => c.id)).toEqual([chats[0]!.id, chats[2]!.id]);
    expect(page1.data.conversations[0]).toMatchObject({
      kind: 'direct',
      user: {
        id: chats[0]!.partner.id,
        pseudonym: chats[0]!.partner.pseudonym,
        name: chats[0]!.partner.pseudonym,
        is_online: false,
      },
      last_message: { content: 'Hi back', sender_id: chats[0]!.partner.id, is_read: false },
      unread_count: 1,
      muted_until: null,
      archived: false,
      blocked: false,
    });
    expect(page1.data.conversations[1]).toMatchObject({
      last_message: { content: 'Hello 2', sender_id: me.id, is_read: false },
      unread_count: 0,
    });
    expect(page1.meta.pagination.hasMore).toBe(true);
    const page2 = await inbox(me, `?limit=2&cursor=${page1.meta.pagination.cursor}`);
    expect(page2.data.conversations.map((c) => c.id)).toEqual([chats[1]!.id]);
    expect(page2.meta.pagination).toEqual({ cursor: null, hasMore: false });

    // Reading marks it: unread 0, and the partner sees their message read.
    const lastId = page1.data.conversations[0]!.last_message!.id;
    const read = await api(me, 'PUT', `/messages/${lastId}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      success: true,
      data: { message: 'Message marked as read', read_at: clock.now().toISOString() },
    });
    expect((await inbox(me)).data.conversations[0]).toMatchObject({ unread_count: 0 });
    const theirs = await inbox(chats[0]!.partner);
    expect(theirs.data.conversations[0]!.last_message).toMatchObject({ is_read: true });

    for (const query of ['?type=deleted', '?limit=0', '?limit=51', '?cursor=abc', '?other=1']) {
      const response = await api(me, 'GET', `/conversations${query}`);
      expectCode(response, 400, 'VALIDATION_ERROR');
    }
  });

  it('leaves out read receipts when either member turned them off, but keeps unread counts', async () => {
    const { a, b, id } = await chatting();
    await api(b, 'PATCH', '/users/me', { privacy_settings: { read_receipts: false } });
    const sent = (await send(a, { conversation_id: id, content: 'Did you see?' })).json();
    await api(b, 'PUT', `/messages/${sent.data.message_id}/read`);
    expect((await inbox(a)).data.conversations[0]!.last_message).toMatchObject({ is_read: null });
    expect((await inbox(b)).data.conversations[0]).toMatchObject({
      unread_count: 0,
      last_message: { is_read: null },
    });
    const history = (await api(a, 'GET', `/conversations/${id}/messages`)).json();
    expect(history.data.messages.every((m: { is_read: unknown }) => m.is_read === null)).toBe(true);
  });
});

describe('PUT /messages/:id/read', () => {
  it('is MESSAGE_NOT_FOUND for unknown messages and for non-members', async () => {
    const { a, id } = await chatting();
    const sent = (await send(a, { conversation_id: id, content: 'private' })).json();
    const stranger = await signUp(t.app);
    for (const [user, messageId] of [
      [stranger, sent.data.message_id],
      [a, UNKNOWN],
    ] as const) {
      const response = await api(user, 'PUT', `/messages/${messageId}/read`);
      expectCode(response, 404, 'MESSAGE_NOT_FOUND');
    }
    expect((await api(a, 'PUT', '/messages/nope/read')).statusCode).toBe(400);
  });
});

describe('GET /conversations/:id/messages', () => {
  it('pages older messages with a cursor; the chat history stays at /chat/sessions', async () => {
    const { a, b, id } = await chatting();
    for (let i = 1; i <= 4; i++)
      await send(i % 2 ? a : b, { conversation_id: id, content: `m${i}` });
    const page1 = directHistoryResponseSchema.parse(
      (await api(a, 'GET', `/conversations/${id}/messages?limit=2`)).json(),
    );
    expect(page1.data.messages.map((m) => m.content)).toEqual(['m3', 'm4']);
    expect(page1.meta.pagination.hasMore).toBe(true);
    const page2 = directHistoryResponseSchema.parse(
      (
        await api(
          a,
          'GET',
          `/conversations/${id}/messages?limit=2&cursor=${page1.meta.pagination.cursor}`,
        )
      ).json(),
    );
    expect(page2.data.messages.map((m) => m.content)).toEqual(['m1', 'm2']);
    const page3 = (
      await api(a, 'GET', `/conversations/${id}/messages?cursor=${page2.meta.pagination.cursor}`)
    ).json();
    expect(page3.data.messages.map((m: { content: string }) => m.content)).toEqual([
      'Hello from the request',
    ]);
    expect(page3.meta.pagination).toEqual({ cursor: null, hasMore: false });

    const chatHistory = (await api(a, 'GET', `/chat/sessions/${id}/messages?limit=2`)).json();
    expect(chatHistory).toMatchObject({
      has_more: true,
      messages: [{ content: 'm3' }, { content: 'm4' }],
    });

    const stranger = await signUp(t.app);
    const hidden = await api(stranger, 'GET', `/conversations/${id}/messages`);
    expectCode(hidden, 404, 'CONVERSATION_NOT_FOUND');
    expect((await api(a, 'GET', `/conversations/${UNKNOWN}/messages`)).json().code).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    for (const query of ['?limit=101', '?limit=x', `?cursor=${UNKNOWN}`, '?cursor=bad', '?q=1']) {
      const response = await api(a, 'GET', `/conversations/${id}/messages${query}`);
      expectCode(response, 400, 'VALIDATION_ERROR');
    }
  });
});

describe('mute, clear and archive', () => {
  it('mutes for 8 hours, a week or always, and unmutes', async () => {
    const { a, id } = await chatting();
    const now = clock.now().getTime();
    const cases = [
      ['8h', new Date(now + 8 * 3600 * 1000).toISOString()],
      ['1w', new Date(now + 7 * 24 * 3600 * 1000).toISOString()],
      ['always', '9999-12-31T23:59:59.000Z'],
    ] as const;
    for (const [duration, until] of cases) {
      const response = await api(a, 'POST', `/conversations/${id}/mute`, { duration });
      expect(response.statusCode).toBe(200);
      expect(conversationSettingsResponseSchema.parse(response.json()).data).toMatchObject({
        message: 'Conversation muted',
        muted_until: until,
      });
      expect((await inbox(a)).data.conversations[0]!.muted_until).toBe(until);
    }
    const unmuted = await api(a, 'DELETE', `/conversations/${id}/mute`);
    expect(unmuted.json().data).toMatchObject({
      message: 'Conversation unmuted',
      muted_until: null,
    });
    for (const body of [{}, { duration: '2h' }, { duration: 8 }, { duration: '8h', x: 1 }]) {
      const response = await api(a, 'POST', `/conversations/${id}/mute`, body);
      expect(response.statusCode).toBe(400);
    }
  });

  it('clears history for the member who asks only; the partner still sees everything', async () => {
    const { a, b, id } = await chatting();
    await send(b, { conversation_id: id, content: 'before the clear' });
    const cleared = await api(a, 'POST', `/conversations/${id}/clear`);
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().data).toMatchObject({ message: 'Chat cleared' });
    expect((await api(a, 'GET', `/conversations/${id}/messages`)).json().data.messages).toEqual([]);
    expect((await inbox(a)).data.conversations[0]).toMatchObject({
      id,
      last_message: null,
      unread_count: 0,
    });
    await send(b, { conversation_id: id, content: 'after the clear' });
    const mine = (await api(a, 'GET', `/conversations/${id}/messages`)).json().data.messages;
    expect(mine.map((m: { content: string }) => m.content)).toEqual(['after the clear']);
    const theirs = (await api(b, 'GET', `/conversations/${id}/messages`)).json().data.messages;
    expect(theirs.map((m: { content: string }) => m.content)).toEqual([
      'Hello from the request',
      'before the clear',
      'after the clear',
    ]);
  });

  it('archives for the member only; a new message from the partner brings it back', async () => {
    const { a, b, id } = await chatting();
    const archived = await api(a, 'POST', `/conversations/${id}/archive`);
    expect(archived.json().data).toMatchObject({ archived: true });
    expect((await inbox(a)).data.conversations.map((c) => c.id)).not.toContain(id);
    expect((await inbox(a, '?type=archived')).data.conversations.map((c) => c.id)).toEqual([id]);
    expect((await inbox(b)).data.conversations.map((c) => c.id)).toContain(id);

    // Writing yourself keeps it archived; the partner's message un-archives it.
    await send(a, { conversation_id: id, content: 'from the archive' });
    expect((await inbox(a, '?type=archived')).data.conversations.map((c) => c.id)).toEqual([id]);
    await send(b, { conversation_id: id, content: 'hello?' });
    expect((await inbox(a)).data.conversations.map((c) => c.id)).toContain(id);

    await api(a, 'POST', `/conversations/${id}/archive`);
    const back = await api(a, 'DELETE', `/conversations/${id}/archive`);
    expect(back.json().data).toMatchObject({ message: 'Conversation unarchived', archived: false });
  });

  it('refuses non-members and bad ids on every control', async () => {
    const { id } = await chatting();
    const stranger = await signUp(t.app);
    const controls = [
      ['POST', 'mute', { duration: '8h' }],
      ['DELETE', 'mute', undefined],
      ['POST', 'clear', undefined],
      ['POST', 'archive', undefined],
      ['DELETE', 'archive', undefined],
    ] as const;
    for (const [method, path, body] of controls) {
      const outsider = await api(stranger, method, `/conversations/${id}/${path}`, body);
      expectCode(outsider, 404, 'CONVERSATION_NOT_FOUND');
      const bad = await api(stranger, method, `/conversations/not-an-id/${path}`, body);
      expectCode(bad, 400, 'VALIDATION_ERROR');
    }
  });
});

describe('blocking in direct messages', () => {
  it('refuses new messages both ways and marks the conversation blocked, until unblocked', async () => {
    const { a, b, id } = await chatting();
    await api(b, 'POST', `/users/${a.id}/block`, { reason: 'inappropriate_behavior' });
    for (const [from, body] of [
      [a, { conversation_id: id, content: 'why?' }],
      [b, { receiver_id: a.id, content: 'bye' }],
    ] as const) {
      const response = await send(from, body);
      expectCode(response, 403, 'USER_BLOCKED');
    }
    expect((await inbox(a)).data.conversations[0]).toMatchObject({
      id,
      blocked: true,
      user: { is_online: null, last_active: null },
    });
    await api(b, 'DELETE', `/users/${a.id}/block`);
    expect((await send(a, { conversation_id: id, content: 'sorry' })).statusCode).toBe(201);
  });

  it('cancels a pending request between the two', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const request = (
      await api(sharer, 'POST', '/messages/request', { receiver_id: listener.id, content: 'Hi' })
    ).json().data.request_id;
    await api(listener, 'POST', `/users/${sharer.id}/block`);
    const answer = await api(listener, 'POST', `/messages/request/${request}/respond`, {
      action: 'accept',
    });
    expectCode(answer, 409, 'REQUEST_NOT_PENDING');
  });
});

describe('POST /users/:id/report', () => {
  it('stores the report under the report reasons and answers in the direct-message envelope', async () => {
    const { a, b, id } = await chatting();
    const response = await api(a, 'POST', `/users/${b.id}/report`, {
      reason: 'fake_profile',
      description: 'Profile photos appear to be stock images',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      success: true,
      data: { message: 'Report submitted successfully', report_id: expect.any(String) },
    });
    const stored = (await t.app.database.db.execute(
      sql`select reason, description from reports where id = ${response.json().data.report_id}`,
    )) as unknown as { rows: { reason: string; description: string }[] };
    expect(stored.rows[0]).toEqual({
      reason: 'other',
      description: 'Fake profile: Profile photos appear to be stock images',
    });

    const sent = (await send(b, { conversation_id: id, content: 'something rude' })).json();
    const withMessage = await api(a, 'POST', `/users/${b.id}/report`, {
      reason: 'inappropriate_behavior',
      conversation_id: id,
      message_id: sent.data.message_id,
    });
    expect(withMessage.statusCode).toBe(201);
    const mapped = (await t.app.database.db.execute(
      sql`select reason, message_snapshot from reports where id = ${withMessage.json().data.report_id}`,
    )) as unknown as { rows: { reason: string; message_snapshot: string }[] };
    expect(mapped.rows[0]).toEqual({ reason: 'inappropriate', message_snapshot: 'something rude' });

    for (const [target, body, status] of [
      [a.id, { reason: 'spam' }, 400],
      [UNKNOWN, { reason: 'spam' }, 404],
      ['nope', { reason: 'spam' }, 400],
      [b.id, { reason: 'boring' }, 400],
      [b.id, {}, 400],
      [b.id, { reason: 'spam', description: 'x'.repeat(1001) }, 400],
    ] as const) {
      const bad = await api(a, 'POST', `/users/${target}/report`, body);
      expect(bad.statusCode).toBe(status);
      expect(bad.json().success).toBe(false);
    }
  });
});

describe('other conversation kinds', () => {
  it('keeps listening chats out of the direct inbox', async () => {
    const { sharer } = await storedListeningChat(t.app);
    expect((await inbox(sharer)).data.conversations).toEqual([]);
  });
});
