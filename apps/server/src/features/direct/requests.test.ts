import {
  messageContactsResponseSchema,
  messageRequestsResponseSchema,
  respondToRequestResponseSchema,
  sendMessageRequestResponseSchema,
} from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { signInAgain, signUp } from '../../../test/factories';
import { setUser } from '../../../test/rows';
import { acceptedRequest, approvedListener, listeningChat } from '../../../test/scenarios';
import { nextEvent } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const DAY = 24 * 3600 * 1000;
const clock = new ManualClock(new Date('2026-11-01T09:00:00Z'));
const t = useTestApp({ clock });
const { api } = t;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Member = Parameters<typeof api>[0];
/** A message request from one member to another (POST /messages/request). */
const askToWrite = (from: Member, receiverId: string, content: string) =>
  api(from, 'POST', '/messages/request', { receiver_id: receiverId, content });
/** A direct message (POST /messages/send). */
const write = (from: Member, receiverId: string, content: string) =>
  api(from, 'POST', '/messages/send', { receiver_id: receiverId, content });
/** An answer to a message request (POST /messages/request/:id/respond). */
const respond = (by: Member, requestId: string, action: 'accept' | 'decline' | 'cancel') =>
  api(by, 'POST', `/messages/request/${requestId}/respond`, { action });

describe('POST /messages/request', () => {
  it('sends a request to a recent listening partner, with the documented fields, and tells the receiver', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const socket = await t.connect(listener);
    const arrived = nextEvent(socket, 'message_request');

    const content =
      'Hi! I noticed we both love hiking. Would you like to chat about your favorite trails?';
    const response = await askToWrite(sharer, listener.id, content);

    expect(response.statusCode).toBe(201);
    const body = sendMessageRequestResponseSchema.parse(response.json());
    expect(body).toEqual({
      success: true,
      data: {
        request_id: expect.any(String),
        message_id: null,
        message: 'Message request sent successfully',
        preview_text: content,
        status: 'pending',
      },
    });
    const event = await arrived;
    expect(event).toMatchObject({
      id: body.data.request_id,
      sender: { id: sharer.id, pseudonym: sharer.pseudonym, name: sharer.pseudonym },
      receiver: { id: listener.id },
      preview_text: content,
      status: 'pending',
      conversation_id: null,
    });
    expect(JSON.stringify(event)).not.toContain(sharer.email);
  });

  it('refuses more than 250 characters with CONTENT_TOO_LONG', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const response = await askToWrite(sharer, listener.id, 'x'.repeat(251));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ success: false, code: 'CONTENT_TOO_LONG' });
    const exactly = await askToWrite(sharer, listener.id, 'x'.repeat(250));
    expect(exactly.statusCode).toBe(201);
  });

  it('allows one pending request per pair, whichever way round (MESSAGE_REQUEST_EXISTS)', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const first = await askToWrite(sharer, listener.id, 'Hello again');
    expect(first.statusCode).toBe(201);
    const again = await askToWrite(sharer, listener.id, 'Hello?');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'MESSAGE_REQUEST_EXISTS',
      details: [{ path: 'request_id', message: first.json().data.request_id }],
    });
    const reverse = await askToWrite(listener, sharer.id, 'Hi!');
    expectCode(reverse, 409, 'MESSAGE_REQUEST_EXISTS');
  });

  it('says so, with the conversation id, when the pair already has a conversation', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const conversationId = await acceptedRequest(t.app, sharer, listener);
    const response = await askToWrite(listener, sharer.id, 'Hi!');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'MESSAGE_REQUEST_EXISTS',
      details: [{ path: 'conversation_id', message: conversationId }],
    });
  });

  it('refuses strangers, but lets listeners who accept requests be written to', async () => {
    const stranger = await signUp(t.app);
    const listener = await signUp(t.app, { roles: ['listener'], listenerStatus: 'pending' });
    const refused = await askToWrite(stranger, listener.id, 'Hello');
    expectCode(refused, 403, 'MESSAGE_REQUEST_NOT_ALLOWED');

    // Allowing requests is not enough while approval is required and the listener is not approved.
    await api(listener, 'PATCH', '/users/me', {
      privacy_settings: { allow_message_requests: true },
    });
    const unapproved = await askToWrite(stranger, listener.id, 'Hello');
    expect(unapproved.json().code).toBe('MESSAGE_REQUEST_NOT_ALLOWED');

    await setUser(t.app, listener.id, { listenerStatus: 'approved' });
    const allowed = await askToWrite(stranger, listener.id, 'Hello');
    expect(allowed.statusCode).toBe(201);

    // A sharer cannot open themself to requests from strangers by the same switch.
    const sharer = await signUp(t.app);
    await api(sharer, 'PATCH', '/users/me', { privacy_settings: { allow_message_requests: true } });
    const toSharer = await askToWrite(stranger, sharer.id, 'Hello');
    expect(toSharer.json().code).toBe('MESSAGE_REQUEST_NOT_ALLOWED');
  });

  it('lets a session count for 30 days, then forgets it (and the sweeper prunes it)', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    clock.advance(29 * DAY);
    // Access tokens last 15 minutes: sign in again after moving the clock.
    await signInAgain(t.app, sharer);
    const contacts = await api(sharer, 'GET', '/messages/contacts');
    expect(contacts.json().data.contacts.map((c: { user: { id: string } }) => c.user.id)).toContain(
      listener.id,
    );
    clock.advance(2 * DAY);
    await signInAgain(t.app, sharer);
    const late = await askToWrite(sharer, listener.id, 'Hello');
    expectCode(late, 403, 'MESSAGE_REQUEST_NOT_ALLOWED');
    await t.app.sweepExpired(clock.now());
    const low = sharer.id < listener.id ? sharer.id : listener.id;
    const rows = (await t.app.database.db.execute(
      sql`select count(*)::int as n from past_sessions where user_low = ${low}`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('refuses blocked pairs both ways (USER_BLOCKED), yourself, unknown users and bad input', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    await api(listener, 'POST', `/users/${sharer.id}/block`);
    for (const [from, to] of [
      [sharer, listener],
      [listener, sharer],
    ] as const) {
      const response = await askToWrite(from, to.id, 'Hello');
      expectCode(response, 403, 'USER_BLOCKED');
    }
    const self = await askToWrite(sharer, sharer.id, 'Hello me');
    expectCode(self, 400, 'VALIDATION_ERROR');
    const unknown = await askToWrite(sharer, UNKNOWN, 'Hello');
    expect(unknown.statusCode).toBe(404);
    for (const body of [
      {},
      { receiver_id: 'nope', content: 'Hi' },
      { receiver_id: listener.id },
      { receiver_id: listener.id, content: '   ' },
      { receiver_id: listener.id, content: 'Hi', extra: true },
      { receiver_id: listener.id, content: 42 },
    ]) {
      const response = await api(sharer, 'POST', '/messages/request', body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });

  it('refuses contact details like any message (MESSAGE_BLOCKED) and limits requests per hour', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const blocked = await askToWrite(sharer, listener.id, 'Email me at someone@example.com');
    expectCode(blocked, 422, 'MESSAGE_BLOCKED');

    // Ten requests an hour (config.rateLimits.messageRequests), to ten different listeners.
    const eager = await signUp(t.app);
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const open = await approvedListener(t.app);
      await setUser(t.app, open.id, { allowMessageRequests: true });
      const response = await askToWrite(eager, open.id, `Hello ${i}`);
      statuses.push(response.statusCode);
      if (i === 10) expect(response.json().code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
  });
});

describe('POST /messages/request/:id/respond', () => {
  it('accepts: opens the conversation with the request as its first message, from the requester', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const content = 'Thank you for yesterday. Could we talk again?';
    const sent = (await askToWrite(sharer, listener.id, content)).json();
    const sharerSocket = await t.connect(sharer);
    const updated = nextEvent(sharerSocket, 'message_request_updated');
    const firstMessage = nextEvent(sharerSocket, 'new_message');

    const response = await respond(listener, sent.data.request_id, 'accept');

    expect(response.statusCode).toBe(200);
    const body = respondToRequestResponseSchema.parse(response.json());
    expect(body).toEqual({
      success: true,
      data: {
        message: 'Request accepted successfully',
        conversation_id: expect.any(String),
        match_created: true,
        match_id: body.data.conversation_id,
      },
    });
    expect(await updated).toMatchObject({
      id: sent.data.request_id,
      status: 'accepted',
      conversation_id: body.data.conversation_id,
    });
    expect(await firstMessage).toMatchObject({
      session_id: body.data.conversation_id,
      sender_id: sharer.id,
      content,
      client_msg_id: sent.data.request_id,
    });

    const history = (
      await api(listener, 'GET', `/conversations/${body.data.conversation_id}/messages`)
    ).json();
    expect(history.data.messages).toEqual([
      expect.objectContaining({
        sender_id: sharer.id,
        receiver_id: listener.id,
        content,
        message_type: 'text',
        is_request: true,
        request_status: 'accepted',
      }),
    ]);

    // Answered once: a second answer is REQUEST_NOT_PENDING, and the message is not repeated.
    const twice = await respond(listener, sent.data.request_id, 'accept');
    expectCode(twice, 409, 'REQUEST_NOT_PENDING');
  });

  it('declines (receiver) and cancels (sender), telling both; others get REQUEST_NOT_FOUND', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const request = async () =>
      (await askToWrite(sharer, listener.id, 'Hello')).json().data.request_id as string;

    const first = await request();
    const stranger = await signUp(t.app);
    const notYours = await respond(stranger, first, 'decline');
    expectCode(notYours, 404, 'REQUEST_NOT_FOUND');
    const senderAccepts = await respond(sharer, first, 'accept');
    expectCode(senderAccepts, 403, 'UNAUTHORIZED_ACTION');
    const receiverCancels = await respond(listener, first, 'cancel');
    expect(receiverCancels.json().code).toBe('UNAUTHORIZED_ACTION');

    const sharerSocket = await t.connect(sharer);
    const told = nextEvent(sharerSocket, 'message_request_updated');
    const declined = await respond(listener, first, 'decline');
    expect(declined.json()).toEqual({
      success: true,
      data: { message: 'Request declined successfully' },
    });
    expect(await told).toMatchObject({ id: first, status: 'declined' });

    const second = await request();
    const cancelled = await respond(sharer, second, 'cancel');
    expect(cancelled.json()).toEqual({
      success: true,
      data: { message: 'Request cancelled successfully' },
    });
    const late = await respond(listener, second, 'accept');
    expectCode(late, 409, 'REQUEST_NOT_PENDING');

    const unknown = await respond(listener, UNKNOWN, 'accept');
    expect(unknown.json().code).toBe('REQUEST_NOT_FOUND');
    for (const [path, body] of [
      [`/messages/request/not-a-uuid/respond`, { action: 'accept' }],
      [`/messages/request/${second}/respond`, { action: 'maybe' }],
      [`/messages/request/${second}/respond`, {}],
      [`/messages/request/${second}/respond`, { action: 'accept', extra: 1 }],
    ] as const) {
      const response = await api(listener, 'POST', path, body);
      expectCode(response, 400, 'VALIDATION_ERROR');
    }
  });

  it('a reply to a pending request by POST /messages/send counts as accepting it', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const request = (await askToWrite(sharer, listener.id, 'Are you there?')).json().data
      .request_id;
    // The requester cannot write more until it is accepted.
    const early = await write(sharer, listener.id, 'Hello??');
    expectCode(early, 403, 'UNAUTHORIZED_ACTION');

    const reply = await write(listener, sharer.id, 'Yes, I am here');
    expect(reply.statusCode).toBe(201);
    const conversationId = reply.json().data.conversation_id;
    const history = (await api(sharer, 'GET', `/conversations/${conversationId}/messages`)).json();
    expect(history.data.messages.map((m: { content: string }) => m.content)).toEqual([
      'Are you there?',
      'Yes, I am here',
    ]);
    const sent = (await api(sharer, 'GET', '/messages/requests?type=sent&status=accepted')).json();
    expect(sent.data.requests).toEqual([
      expect.objectContaining({ id: request, status: 'accepted', conversation_id: conversationId }),
    ]);
  });
});

describe('GET /messages/requests and GET /messages/contacts', () => {
  it('lists received and sent requests by status with cursor pages, pseudonyms only', async () => {
    const listener = await approvedListener(t.app, { realName: 'Rosalind Secret' });
    await api(listener, 'PATCH', '/users/me', {
      privacy_settings: { allow_message_requests: true },
    });
    const senders = [];
    for (let i = 0; i < 3; i++) {
      const sender = await signUp(t.app, { realName: 'Hidden Person' });
      senders.push(sender);
      clock.advance(1000);
      await askToWrite(sender, listener.id, `Request ${i}`);
    }
    const first = await api(listener, 'GET', '/messages/requests?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = messageRequestsResponseSchema.parse(first.json());
    expect(page1.data.requests.map((r) => r.preview_text)).toEqual(['Request 2', 'Request 1']);
    expect(page1.meta.pagination.hasMore).toBe(true);
    const second = messageRequestsResponseSchema.parse(
      (
        await api(
          listener,
          'GET',
          `/messages/requests?limit=2&cursor=${page1.meta.pagination.cursor}`,
        )
      ).json(),
    );
    expect(second.data.requests.map((r) => r.preview_text)).toEqual(['Request 0']);
    expect(second.meta.pagination).toEqual({ cursor: null, hasMore: false });
    expect(first.body).not.toContain('Hidden Person');
    expect(first.body).not.toMatch(/"email"|"real_name"/);

    const sent = (await api(senders[0]!, 'GET', '/messages/requests?type=sent')).json();
    expect(sent.data.requests).toHaveLength(1);
    expect(sent.data.requests[0].receiver.pseudonym).toBe(listener.pseudonym);
    const none = (await api(listener, 'GET', '/messages/requests?status=declined')).json();
    expect(none.data.requests).toEqual([]);

    for (const query of ['type=both', 'status=open', 'limit=0', 'limit=51', 'cursor=zzz', 'x=1']) {
      const response = await api(listener, 'GET', `/messages/requests?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });

  it('lists recent listening partners with what already exists between them', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    const response = await api(sharer, 'GET', '/messages/contacts');
    expect(response.statusCode).toBe(200);
    const body = messageContactsResponseSchema.parse(response.json());
    expect(body.data.contacts).toEqual([
      {
        user: expect.objectContaining({ id: listener.id, pseudonym: listener.pseudonym }),
        last_session_at: expect.any(String),
        conversation_id: null,
        pending_request_id: null,
      },
    ]);
    const request = (await askToWrite(sharer, listener.id, 'Hi')).json().data.request_id;
    const after = (await api(listener, 'GET', '/messages/contacts')).json();
    expect(after.data.contacts[0]).toMatchObject({
      user: { id: sharer.id },
      pending_request_id: request,
    });
    // A block takes them off each other's lists.
    await api(sharer, 'POST', `/users/${listener.id}/block`);
    expect((await api(listener, 'GET', '/messages/contacts')).json().data.contacts).toEqual([]);
  });
});
