import { randomUUID } from 'node:crypto';
import {
  chatMessageSchema,
  historyResponseSchema,
  type SendMessageResult,
} from '@kindred/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { createConversation, type SignedInUser, signUp } from '../../../test/factories';
import { emitAck, failed, nextEvent } from '../../../test/sockets';

const t = useTestApp();
let admin: SignedInUser;
let resourceId: string;
let draftId: string;

beforeAll(async () => {
  admin = await signUp(t.app, { isAdmin: true });
  const create = async (title: string) =>
    (
      await t.api(admin, 'POST', '/resources', {
        type: 'article',
        title,
        summary: 'Five things you can see, four you can feel.',
        body: 'Name five things you can see.',
      })
    ).json().id as string;
  resourceId = await create('5-4-3-2-1 grounding');
  await t.api(admin, 'PUT', `/resources/${resourceId}`, { status: 'published' });
  draftId = await create('Not published yet');
});

async function chat(kind: 'listening' | 'direct' | 'support' = 'listening') {
  const sharer = await signUp(t.app);
  const listener = await signUp(t.app, { roles: ['listener'] });
  const { id } = await createConversation(t.app, {
    kind,
    members: [
      { id: sharer.id },
      { id: listener.id, role: kind === 'listening' ? 'listener' : 'member' },
    ],
  });
  return { sharer, listener, id };
}
const send = (user: SignedInUser, chatId: string, body: Record<string, unknown>) =>
  t.api(user, 'POST', `/chat/sessions/${chatId}/messages`, body);

const card = {
  type: 'article',
  title: '5-4-3-2-1 grounding',
  summary: 'Five things you can see, four you can feel.',
  duration_seconds: null,
  pages: null,
};
const expectedCard = () => ({ ...card, id: resourceId });

describe('sharing a resource into a chat', () => {
  it('sends a card through the pipeline, to the other member live and in history', async () => {
    const { sharer, listener, id } = await chat();
    const socket = await t.connect(sharer);
    await emitAck(socket, 'join_chat', { session_id: id });
    const arriving = nextEvent(socket, 'new_message');

    const sent = await send(listener, id, {
      resource_id: resourceId,
      content: 'This one helped me',
      client_msg_id: randomUUID(),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(chatMessageSchema.parse(sent.json().message)).toMatchObject({
      kind: 'resource',
      content: 'This one helped me',
      resource: expectedCard(),
      attachment: null,
    });
    expect((await arriving).resource).toEqual(expectedCard());

    const history = historyResponseSchema.parse(
      (await t.api(sharer, 'GET', `/chat/sessions/${id}/messages`)).json(),
    );
    expect(history.messages.at(-1)).toMatchObject({ kind: 'resource', resource: expectedCard() });
    // A text message has no card.
    await send(sharer, id, { content: 'Thank you' });
    const again = (await t.api(sharer, 'GET', `/chat/sessions/${id}/messages`)).json();
    expect(again.messages.at(-1)).toMatchObject({ kind: 'text', resource: null });
  });

  it('sends one over the socket too, with no note', async () => {
    const { sharer, listener, id } = await chat('direct');
    const socket = await t.connect(listener);
    const ack = await emitAck<SendMessageResult>(socket, 'send_message', {
      session_id: id,
      resource_id: resourceId,
    });
    expect(ack).toMatchObject({ success: true, message: { kind: 'resource', content: '' } });
    const synced = await emitAck<{ messages: unknown[] }>(await t.connect(sharer), 'sync', {
      session_id: id,
      after_version_seq: 0,
    });
    expect((synced as { messages: unknown[] }).messages).toEqual([
      expect.objectContaining({ resource: expectedCard() }),
    ]);
  });

  it('refuses a resource that is not published (404), as for anyone who cannot see it', async () => {
    const { listener, id } = await chat();
    expectCode(await send(listener, id, { resource_id: draftId }), 404, 'RESOURCE_NOT_FOUND');
    expectCode(
      await send(listener, id, { resource_id: '00000000-0000-4000-8000-000000000000' }),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });

  it('refuses sharing in a support ticket', async () => {
    const { sharer, id } = await chat('support');
    expectCode(await send(sharer, id, { resource_id: resourceId }), 400, 'INVALID_MESSAGE_TYPE');
  });

  it('refuses a file and a resource in one message', async () => {
    const { listener, id } = await chat('direct');
    expectCode(
      await send(listener, id, { resource_id: resourceId, attachment_id: randomUUID() }),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('moderates the note like any message', async () => {
    const { listener, id } = await chat();
    const blocked = await send(listener, id, {
      resource_id: resourceId,
      content: 'Read this and text me on 07700 900123',
    });
    expectCode(blocked, 422, 'MESSAGE_BLOCKED');
    const socket = await t.connect(listener);
    const ack = await emitAck(socket, 'send_message', {
      session_id: id,
      resource_id: resourceId,
      content: 'call me at someone@example.com',
    });
    expect(failed(ack).code).toBe('MESSAGE_BLOCKED');
  });

  it('shows the card as gone once the resource is unpublished or deleted', async () => {
    const { sharer, listener, id } = await chat();
    const title = 'Soon gone';
    const own = (
      await t.api(admin, 'POST', '/resources', { type: 'article', title, summary: 'x', body: 'y' })
    ).json().id as string;
    await t.api(admin, 'PUT', `/resources/${own}`, { status: 'published' });
    await send(listener, id, { resource_id: own });
    await t.api(admin, 'PUT', `/resources/${own}`, { status: 'draft' });
    const history = (await t.api(sharer, 'GET', `/chat/sessions/${id}/messages`)).json();
    expect(history.messages.at(-1)).toMatchObject({ kind: 'resource', resource: null });
  });

  it('retries safely: the same client_msg_id stores one message', async () => {
    const { listener, id } = await chat();
    const body = { resource_id: resourceId, client_msg_id: randomUUID() };
    const first = await send(listener, id, body);
    const second = await send(listener, id, body);
    expect(second.json().message.id).toBe(first.json().message.id);
    expect(second.json().message.resource).toEqual(expectedCard());
  });
});
