import { randomUUID } from 'node:crypto';
import type { ErrorBody } from '@kindred/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { createConversation, type SignedInUser, signUp } from '../../../test/factories';
import { multipartForm, tinyPng } from '../../../test/multipart';
import { emitAck } from '../../../test/sockets';

const HOUR = 3600 * 1000;
const t = useTestApp();

/** The one answer for a conversation that is not yours, does not exist, or has expired. */
const ONE_ANSWER = { status: 404, code: 'CONVERSATION_NOT_FOUND' };

interface Probe {
  /** Who asks. */
  caller: SignedInUser;
  conversationId: string;
  /** A message of that conversation, or any id when it has none. */
  messageId: string;
  /** Someone who was in it (reports name a person). */
  partnerId: string;
}

/** Every path that reads or writes a conversation by its id, with a valid body. */
const httpCalls = (p: Probe) =>
  [
    ['POST', `/chat/sessions/${p.conversationId}/end`],
    ['GET', `/chat/sessions/${p.conversationId}/messages`],
    ['POST', `/chat/sessions/${p.conversationId}/messages`, { content: 'hello' }],
    ['GET', `/conversations/${p.conversationId}/messages`],
    ['POST', `/conversations/${p.conversationId}/messages`, { content: 'hello' }],
    ['POST', `/conversations/${p.conversationId}/mute`, { duration: '8h' }],
    ['DELETE', `/conversations/${p.conversationId}/mute`],
    ['POST', `/conversations/${p.conversationId}/clear`],
    ['POST', `/conversations/${p.conversationId}/archive`],
    ['DELETE', `/conversations/${p.conversationId}/archive`],
    ['POST', '/feedback', { chat_session_id: p.conversationId, rating: 5 }],
    [
      'POST',
      '/reports',
      {
        reported_user_id: p.partnerId,
        chat_session_id: p.conversationId,
        reason: 'spam',
        description: 'Testing who may report this chat',
      },
    ],
  ] as const;

/** Every socket event that names a conversation. */
const socketEvents = (p: Probe) =>
  [
    ['join_chat', { session_id: p.conversationId }],
    ['leave_chat', { session_id: p.conversationId }],
    ['send_message', { session_id: p.conversationId, content: 'hi', client_msg_id: randomUUID() }],
    ['edit_message', { session_id: p.conversationId, message_id: p.messageId, content: 'edited' }],
    ['delete_message', { session_id: p.conversationId, message_id: p.messageId }],
    ['typing', { session_id: p.conversationId }],
    ['mark_read', { session_id: p.conversationId, seq: 1 }],
    ['message_reaction', { session_id: p.conversationId, message_id: p.messageId, emoji: '❤️' }],
    ['sync', { session_id: p.conversationId, after_version_seq: 0 }],
  ] as const;

let probes: [string, Probe][];

beforeAll(async () => {
  const sharer = await signUp(t.app);
  const listener = await signUp(t.app, { roles: ['listener'] });
  const friend = await signUp(t.app);
  const outsider = await signUp(t.app);
  const listening = await createConversation(t.app, {
    members: [{ id: sharer.id }, { id: listener.id, role: 'listener' }],
  });
  const direct = await createConversation(t.app, {
    kind: 'direct',
    members: [{ id: sharer.id }, { id: friend.id }],
  });
  const support = await createConversation(t.app, {
    kind: 'support',
    members: [{ id: friend.id, role: 'user' }],
  });
  // A listening chat that started 25 hours ago: gone for its own members too.
  const expired = await createConversation(t.app, {
    members: [{ id: outsider.id }, { id: listener.id, role: 'listener' }],
    startedAt: new Date(Date.now() - 25 * HOUR),
  });
  const sent = async (conversationId: string, from: SignedInUser) => {
    const response = await t.api(from, 'POST', `/conversations/${conversationId}/messages`, {
      content: 'Something only the members may read',
    });
    expect(response.statusCode).toBe(201);
    return response.json().message.id as string;
  };
  probes = [
    [
      'a listening chat the caller is not in',
      {
        caller: outsider,
        conversationId: listening.id,
        messageId: await sent(listening.id, sharer),
        partnerId: sharer.id,
      },
    ],
    [
      'a direct chat the caller is not in',
      {
        caller: outsider,
        conversationId: direct.id,
        messageId: await sent(direct.id, friend),
        partnerId: friend.id,
      },
    ],
    [
      'a support ticket the caller is not in',
      {
        caller: outsider,
        conversationId: support.id,
        messageId: await sent(support.id, friend),
        partnerId: friend.id,
      },
    ],
    [
      'a conversation that does not exist',
      {
        caller: outsider,
        conversationId: randomUUID(),
        messageId: randomUUID(),
        partnerId: sharer.id,
      },
    ],
    [
      "the caller's own listening chat after it expired",
      {
        caller: outsider,
        conversationId: expired.id,
        messageId: randomUUID(),
        partnerId: listener.id,
      },
    ],
  ];
});

describe('one access check: not yours, gone and expired get one answer', () => {
  it('answers 404 CONVERSATION_NOT_FOUND on every conversation path', async () => {
    for (const [label, probe] of probes) {
      for (const [method, path, payload] of httpCalls(probe)) {
        const response = await t.api(probe.caller, method, path, payload);
        expect(
          { status: response.statusCode, code: (response.json() as ErrorBody).code },
          `${method} ${path} for ${label}`,
        ).toEqual(ONE_ANSWER);
      }
      const upload = multipartForm([
        { field: 'file', filename: 'a.png', type: 'image/png', bytes: tinyPng },
      ]);
      const attached = await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${probe.conversationId}/attachments`,
        headers: { ...probe.caller.headers, ...upload.headers },
        payload: upload.payload,
      });
      expect(
        { status: attached.statusCode, code: (attached.json() as ErrorBody).code },
        `upload for ${label}`,
      ).toEqual(ONE_ANSWER);
    }
  });

  it('acks CONVERSATION_NOT_FOUND to every socket event', async () => {
    for (const [label, probe] of probes) {
      const socket = await t.connect(probe.caller);
      for (const [event, payload] of socketEvents(probe)) {
        const ack = (await emitAck(socket, event, payload)) as ErrorBody;
        expect({ success: ack.success, code: ack.code }, `${event} for ${label}`).toEqual({
          success: false,
          code: ONE_ANSWER.code,
        });
      }
    }
  });

  it('tells no one what the conversation holds', async () => {
    const [, probe] = probes[0]!;
    const response = await t.api(
      probe.caller,
      'GET',
      `/chat/sessions/${probe.conversationId}/messages`,
    );
    expect(response.body).not.toContain('only the members may read');
  });
});
