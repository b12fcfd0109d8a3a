import {
  type ChatMessage,
  moderationActionResponseSchema,
  moderationItemDetailSchema,
  moderationQueueResponseSchema,
  type SyncResult,
} from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { approvalOffNoStaleCheck, useTestApp } from '../../../test/app';
import { type SignedInUser, signUp } from '../../../test/factories';
import { listeningChat } from '../../../test/scenarios';
import { emitAck, nextEvent } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock();
const t = useTestApp({ clock, env: approvalOffNoStaleCheck });
const { api } = t;
/** A listener (gone available on the queue) and a sharer in an active listening chat. */
const chatting = () => listeningChat(t.app, { goesAvailable: true });

/** An admin's decision on an item of the moderation queue. */
const act = (admin: SignedInUser, kind: 'report' | 'flagged_message', id: string, body: object) =>
  api(admin, 'POST', `/admin/moderation/${kind}/${id}/actions`, body);

async function say(user: SignedInUser, chatId: string, content: string): Promise<ChatMessage> {
  const response = await api(user, 'POST', `/chat/sessions/${chatId}/messages`, { content });
  expect(response.statusCode).toBe(201);
  return response.json().message;
}

async function openQueue(admin: SignedInUser) {
  const response = await api(admin, 'GET', '/admin/moderation?limit=100');
  expect(response.statusCode).toBe(200);
  return moderationQueueResponseSchema.strict().parse(response.json());
}

describe('the moderation queue', () => {
  it('puts safety concerns first, then distress, then the rest; reviewed items leave it', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, sharer, chatId } = await chatting();
    const spam = await api(sharer, 'POST', '/reports', {
      reported_user_id: listener.id,
      reason: 'spam',
      description: 'Adverts',
    });
    clock.advance(1000);
    const flagged = await say(sharer, chatId, "I can't go on like this");
    clock.advance(1000);
    const safety = await api(listener, 'POST', '/reports', {
      reported_user_id: sharer.id,
      chat_session_id: chatId,
      reason: 'safety_concern',
      description: 'They may be in danger',
    });

    const queue = await openQueue(admin);
    const mine = queue.items.filter((i) => [listener.id, sharer.id].includes(i.user?.id ?? ''));
    expect(mine.map((i) => [i.kind, i.severity, i.category])).toEqual([
      ['report', 3, 'safety_concern'],
      ['flagged_message', 2, 'severe_distress'],
      ['report', 1, 'spam'],
    ]);
    expect(mine[1]).toMatchObject({
      user: { id: sharer.id, pseudonym: sharer.pseudonym },
      reporter: null,
      session_id: chatId,
      message_id: flagged.id,
      content: "I can't go on like this",
      reviewed_at: null,
    });
    expect(mine[0]).toMatchObject({
      id: safety.json().report_id,
      reporter: { id: listener.id, pseudonym: listener.pseudonym },
      description: 'They may be in danger',
    });

    const dismissed = await act(admin, 'report', spam.json().report_id, {
      action: 'dismiss',
      note: 'Not spam',
    });
    expect(dismissed.statusCode).toBe(200);
    expect(moderationActionResponseSchema.parse(dismissed.json()).item).toMatchObject({
      reviewed_at: expect.any(String),
      resolution: 'Not spam',
    });
    expect((await openQueue(admin)).items.some((i) => i.id === spam.json().report_id)).toBe(false);
    const reviewed = (await api(admin, 'GET', '/admin/moderation?state=reviewed')).json();
    expect(reviewed.items[0]).toMatchObject({ id: spam.json().report_id, kind: 'report' });
    const report = (
      await api(admin, 'GET', `/admin/reports?reported_user_id=${listener.id}`)
    ).json().reports[0];
    expect(report).toMatchObject({ status: 'dismissed', reviewed_by: { id: admin.id } });
  });

  it('shows the evidence with up to 5 messages either side, and logs the review', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, sharer, chatId } = await chatting();
    for (let i = 1; i <= 6; i++) await say(i % 2 ? sharer : listener, chatId, `before ${i}`);
    const flagged = await say(sharer, chatId, "I can't go on like this");
    for (let i = 1; i <= 6; i++) await say(listener, chatId, `after ${i}`);
    const item = (await openQueue(admin)).items.find((i) => i.message_id === flagged.id)!;
    expect(item).toMatchObject({ kind: 'flagged_message', severity: 2 });

    const response = await api(admin, 'GET', `/admin/moderation/flagged_message/${item.id}`);
    expect(response.statusCode).toBe(200);
    const detail = moderationItemDetailSchema.strict().parse(response.json());
    expect(detail.conversation_available).toBe(true);
    expect(detail.context.map((m) => m.content)).toEqual([
      'before 2',
      'before 3',
      'before 4',
      'before 5',
      'before 6',
      "I can't go on like this",
      'after 1',
      'after 2',
      'after 3',
      'after 4',
      'after 5',
    ]);
    expect(detail.context.filter((m) => m.is_subject)).toEqual([
      expect.objectContaining({
        id: flagged.id,
        sender: { id: sharer.id, pseudonym: sharer.pseudonym },
        moderation_status: 'flagged',
      }),
    ]);
    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${item.id}`)).json().logs;
    expect(logs).toEqual([
      expect.objectContaining({ action: 'review_item', target_type: 'moderation_event' }),
    ]);

    // After the chat's 24 hours only the snapshot remains.
    clock.advance(24 * 3600 * 1000 + 1000);
    const admin2 = await signUp(t.app, { isAdmin: true });
    const later = moderationItemDetailSchema.parse(
      (await api(admin2, 'GET', `/admin/moderation/flagged_message/${item.id}`)).json(),
    );
    expect(later).toMatchObject({ conversation_available: false, context: [] });
    expect(later.item.content).toBe("I can't go on like this");
  });

  it('remove_message hides the message on both screens, in history and in sync', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, sharer, chatId } = await chatting();
    const sharerSocket = await t.connect(sharer);
    const listenerSocket = await t.connect(listener);
    const message = await say(listener, chatId, 'Nobody would miss you');
    const report = await api(sharer, 'POST', '/reports', {
      reported_user_id: listener.id,
      chat_session_id: chatId,
      message_id: message.id,
      reason: 'harassment',
      description: 'Cruel message',
    });
    const updates = [sharerSocket, listenerSocket].map((s) =>
      nextEvent(s, 'message_updated', (m) => m.id === message.id),
    );
    const response = await act(admin, 'report', report.json().report_id, {
      action: 'remove_message',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().item).toMatchObject({ resolution: 'Message removed' });
    for (const update of await Promise.all(updates)) {
      expect(update).toMatchObject({ id: message.id, removed: true, content: '' });
      expect(update.version_seq).toBeGreaterThan(message.version_seq);
    }

    const history = (await api(sharer, 'GET', `/chat/sessions/${chatId}/messages`)).json();
    expect(history.messages).toEqual([
      expect.objectContaining({ id: message.id, removed: true, content: '' }),
    ]);
    const synced = (await emitAck<SyncResult>(sharerSocket, 'sync', {
      session_id: chatId,
      after_version_seq: message.version_seq,
    })) as SyncResult;
    expect(synced.messages).toEqual([
      expect.objectContaining({ id: message.id, removed: true, content: '' }),
    ]);
    // The sender cannot bring it back by editing it.
    const edit = await emitAck(listenerSocket, 'edit_message', {
      session_id: chatId,
      message_id: message.id,
      content: 'Sorry',
    });
    expect(edit).toMatchObject({ success: false, code: 'NOT_FOUND' });

    const report2 = (
      await api(admin, 'GET', `/admin/reports?reported_user_id=${listener.id}`)
    ).json().reports[0];
    expect(report2).toMatchObject({ status: 'resolved', resolution: 'Message removed' });
    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${message.id}`)).json().logs;
    expect(logs).toEqual([expect.objectContaining({ action: 'remove_message' })]);
  });

  it('warn sends the user a notice they see until they acknowledge it', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, sharer, chatId } = await chatting();
    await say(sharer, chatId, "I can't take it anymore");
    const item = (await openQueue(admin)).items.find((i) => i.user?.id === sharer.id)!;
    const socket = await t.connect(sharer);
    const notice = nextEvent(socket, 'notice');
    const response = await act(admin, 'flagged_message', item.id, {
      action: 'warn',
      message: 'Please use the crisis line we showed you; we care about your safety.',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().item).toMatchObject({ resolution: 'warned' });
    const received = await notice;
    expect(received).toEqual({
      id: expect.any(String),
      kind: 'warning',
      message: 'Please use the crisis line we showed you; we care about your safety.',
      created_at: expect.any(String),
    });
    expect((await api(sharer, 'GET', '/users/me/notices')).json()).toEqual({ notices: [received] });

    // Nobody else can see or acknowledge it.
    expect((await api(listener, 'GET', '/users/me/notices')).json()).toEqual({ notices: [] });
    expect((await api(listener, 'POST', `/users/me/notices/${received.id}/ack`)).statusCode).toBe(
      404,
    );
    expect((await api(sharer, 'POST', '/users/me/notices/nope/ack')).statusCode).toBe(400);
    const ack = await api(sharer, 'POST', `/users/me/notices/${received.id}/ack`);
    expect(ack.statusCode).toBe(200);
    expect((await api(sharer, 'GET', '/users/me/notices')).json()).toEqual({ notices: [] });
    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${sharer.id}`)).json().logs;
    expect(logs).toEqual([expect.objectContaining({ action: 'warn_user' })]);
  });

  it('ban from the queue bans the user and resolves the item', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, sharer, chatId } = await chatting();
    const report = await api(sharer, 'POST', '/reports', {
      reported_user_id: listener.id,
      chat_session_id: chatId,
      reason: 'harassment',
      description: 'Threats',
    });
    const ended = t.connect(sharer).then((s) => nextEvent(s, 'chat_ended'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const response = await act(admin, 'report', report.json().report_id, {
      action: 'ban',
      reason: 'Threats in chat',
    });
    expect(response.statusCode).toBe(200);
    expect(await ended).toMatchObject({ session_id: chatId });
    expect((await api(listener, 'GET', '/users/me')).json().code).toBe('ACCOUNT_BANNED');
    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${listener.id}`)).json().logs;
    expect(logs[0]).toMatchObject({
      action: 'ban_user',
      details: {
        reason: 'Threats in chat',
        source: { kind: 'report', id: report.json().report_id },
      },
    });
  });

  it('400 on bad kinds, ids and bodies; 404 for unknown items', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const gets: [string, number][] = [
      [`/admin/moderation/message/${unknown}`, 400],
      ['/admin/moderation/report/12', 400],
      [`/admin/moderation/report/${unknown}`, 404],
      [`/admin/moderation/flagged_message/${unknown}`, 404],
      ['/admin/moderation?state=all', 400],
      ['/admin/moderation?limit=101', 400],
    ];
    for (const [path, status] of gets) {
      const response = await api(admin, 'GET', path);
      expect(response.statusCode, path).toBe(status);
      expect(response.json().success).toBe(false);
    }
    const posts: [string, unknown, number][] = [
      [`/admin/moderation/report/${unknown}/actions`, { action: 'dismiss' }, 404],
      [`/admin/moderation/report/${unknown}/actions`, { action: 'delete' }, 400],
      [`/admin/moderation/report/${unknown}/actions`, { action: 'ban' }, 400],
      [`/admin/moderation/report/${unknown}/actions`, { action: 'warn' }, 400],
      [`/admin/moderation/report/${unknown}/actions`, { action: 'dismiss', x: 1 }, 400],
      [`/admin/moderation/report/abc/actions`, { action: 'dismiss' }, 400],
    ];
    for (const [path, body, status] of posts) {
      const response = await api(admin, 'POST', path, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().success).toBe(false);
    }
  });
});
