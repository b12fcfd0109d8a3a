import { randomUUID } from 'node:crypto';
import type { Notification, NotificationsResponse } from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { directChat, listeningChat, supportTicket } from '../../../test/scenarios';
import { collect, emitAck, nextEvent } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock(new Date('2026-12-01T12:00:00Z'));
const t = useTestApp({ clock });

const list = async (user: SignedInUser, query = '') =>
  (await t.api(user, 'GET', `/notifications${query}`)).json() as NotificationsResponse;

/** Notifying runs after the action answered: wait until it shows. */
const listed = async (user: SignedInUser, count: number, query = '') => {
  await expect.poll(async () => (await list(user, query)).notifications.length).toBe(count);
  return list(user, query);
};

/** The user's newest notification of a type, once it exists. */
const ofType = async (user: SignedInUser, type: Notification['type']) => {
  let found: Notification | undefined;
  await expect
    .poll(async () => {
      found = (await list(user)).notifications.find((n) => n.type === type);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
};

const deliveries = async (notificationId: string) => {
  const result = (await t.app.database.db.execute(
    sql`select channel, status, due_at from notification_deliveries
      where notification_id = ${notificationId} order by channel`,
  )) as unknown as { rows: { channel: string; status: string; due_at: string | null }[] };
  return result.rows.map((r) => ({
    channel: r.channel,
    status: r.status,
    due: r.due_at ? new Date(r.due_at).toISOString() : null,
  }));
};

const request = (from: SignedInUser, to: SignedInUser) =>
  t.api(from, 'POST', '/messages/request', { receiver_id: to.id, content: 'Hello again' });

describe('notifications created by what happens', () => {
  it('tells the receiver of a message request, on every device, and not the sender', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    // The listener was away when the chat began: that is their first notification.
    await ofType(listener, 'chat_request');
    const phone = await t.connect(listener);
    const laptop = await t.connect(listener);
    const arrived = [nextEvent(phone, 'notification'), nextEvent(laptop, 'notification')];
    expect((await request(sharer, listener)).statusCode).toBe(201);
    const [event, same] = await Promise.all(arrived);
    expect(same).toEqual(event);
    expect(event).toMatchObject({
      type: 'message_request',
      title: 'New message request',
      link: '/messages?tab=requests',
      read_at: null,
      unread_count: 2,
    });
    expect(event!.body).toContain(sharer.pseudonym);
    expect(JSON.stringify(event)).not.toContain('@');
    const { notifications, unread_count } = await listed(listener, 2);
    expect(unread_count).toBe(2);
    expect(notifications.find((n) => n.type === 'message_request')!.request_id).toBe(
      event!.request_id,
    );
    expect((await list(sharer)).notifications).toEqual([]);
  });

  it('tells the requester when the request is accepted', async () => {
    const { a, b, id } = await directChat(t.app);
    const accepted = await ofType(a, 'request_accepted');
    expect(accepted).toMatchObject({
      type: 'request_accepted',
      conversation_id: id,
      link: `/messages/${id}`,
    });
    expect(accepted!.body).toContain(b.pseudonym);
  });

  it('notifies a direct message once per conversation until read, and not while it is open', async () => {
    const { a, b, id } = await directChat(t.app);
    const send = (content: string) =>
      t.api(a, 'POST', `/conversations/${id}/messages`, { content });
    // Accepting the request was reading its text: no notification about it for b.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await list(b, '?unread=true')).notifications.map((n) => n.type)).not.toContain(
      'new_message',
    );
    await t.api(b, 'PUT', '/notifications/read-all');
    await send('Are you around later?');
    await send('No rush.');
    const unread = await listed(b, 1, '?unread=true');
    expect(unread.notifications[0]).toMatchObject({ type: 'new_message', conversation_id: id });
    // Another message while one is unread: still one notification.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await list(b, '?unread=true')).notifications).toHaveLength(1);

    // Reading the conversation on one device marks it read on every device.
    const phone = await t.connect(b);
    const laptop = await t.connect(b);
    const read = nextEvent(laptop, 'notifications_read');
    expect((await emitAck(phone, 'mark_read', { session_id: id, seq: 10 })).success).toBe(true);
    expect(await read).toEqual({ ids: [unread.notifications[0]!.id], unread_count: 0 });

    // While b has the conversation open, new messages make no notification.
    expect((await emitAck(phone, 'join_chat', { session_id: id })).success).toBe(true);
    const seen = collect(laptop, 'notification');
    await send('Here now?');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);
    expect((await list(b, '?unread=true')).notifications).toEqual([]);
  });

  it('tells a user when the team answers their support request', async () => {
    const user = await signUp(t.app);
    const admin = await signUp(t.app, { isAdmin: true });
    const ticket = await supportTicket(t.app, user);
    expect((await t.api(admin, 'POST', `/admin/support/${ticket.id}/assign`)).statusCode).toBe(200);
    await t.api(admin, 'POST', `/conversations/${ticket.id}/messages`, {
      content: 'Happy to help',
    });
    const reply = await ofType(user, 'support_reply');
    expect(reply).toMatchObject({ type: 'support_reply', conversation_id: ticket.id });
    expect(JSON.stringify(reply)).not.toContain(admin.pseudonym);
  });

  it('tells a listener who is away from the tab that someone wants to talk', async () => {
    const { listener, sharer } = await listeningChat(t.app);
    const asked = await ofType(listener, 'chat_request');
    expect(asked).toMatchObject({ type: 'chat_request', link: '/listener/queue' });
    expect(asked!.body).toContain(sharer.pseudonym);
  });

  it('tells applicants of the decision and users of a note from the team', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const applicant = await signUp(t.app, { roles: ['listener'], listenerStatus: 'pending' });
    const decide = (id: string, body: object) =>
      t.api(admin, 'PATCH', `/admin/listeners/${id}`, body);
    expect((await decide(applicant.id, { action: 'approve' })).statusCode).toBe(200);
    expect((await ofType(applicant, 'listener_approved')).link).toBe('/dashboard');

    const other = await signUp(t.app, { roles: ['listener'], listenerStatus: 'pending' });
    await decide(other.id, {
      action: 'reject',
      reason: 'Please tell us a little more about why you want to listen',
    });
    expect((await ofType(other, 'listener_rejected')).link).toBe('/listener/apply');
  });
});

describe('a note from the team', () => {
  it('reaches the user in the app, and stays in the app even when they turned it off', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { sharer, listener, chatId } = await listeningChat(t.app);
    await t.api(sharer, 'PUT', '/notifications/preferences', {
      types: { moderation_notice: { in_app: false } },
    });
    await t.api(sharer, 'POST', `/chat/sessions/${chatId}/messages`, {
      content: "I can't go on like this",
    });
    const queue = await t.api(admin, 'GET', '/admin/moderation');
    const item = queue
      .json()
      .items.find((i: { user?: { id: string } }) => i.user?.id === sharer.id);
    const warned = await t.api(
      admin,
      'POST',
      `/admin/moderation/flagged_message/${item.id}/actions`,
      {
        action: 'warn',
        message: 'Please use the crisis line we showed you; we care about your safety.',
      },
    );
    expect(warned.statusCode).toBe(200);
    const note = await ofType(sharer, 'moderation_notice');
    expect(note).toMatchObject({ title: 'A note from the Kindred team', link: '/dashboard' });
    expect(JSON.stringify(note)).not.toContain('crisis line');
    expect((await list(listener)).notifications.map((n) => n.type)).not.toContain(
      'moderation_notice',
    );
  });
});

describe('reading notifications', () => {
  it('marks one read, then all, and answers 404 for another user’s or an unknown id', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    await request(sharer, listener);
    const note = await ofType(listener, 'message_request');
    const stranger = await signUp(t.app);
    expectCode(await t.api(stranger, 'PUT', `/notifications/${note.id}/read`), 404, 'NOT_FOUND');
    expectCode(
      await t.api(listener, 'PUT', `/notifications/${randomUUID()}/read`),
      404,
      'NOT_FOUND',
    );
    expectCode(await t.api(listener, 'PUT', '/notifications/nope/read'), 400, 'VALIDATION_ERROR');

    const read = await t.api(listener, 'PUT', `/notifications/${note.id}/read`);
    expect(read.json()).toMatchObject({ notification: { id: note.id }, unread_count: 1 });
    expect(read.json().notification.read_at).not.toBeNull();
    const all = await t.api(listener, 'PUT', '/notifications/read-all');
    expect(all.json()).toEqual({ unread_count: 0 });
    expect((await list(listener, '?unread=true')).notifications).toEqual([]);
  });

  it('pages newest first by cursor and refuses a bad cursor', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    await ofType(listener, 'chat_request');
    clock.advance(1000);
    await request(sharer, listener);
    await listed(listener, 2);
    const first = await list(listener, '?limit=1');
    expect(first.notifications[0]!.type).toBe('message_request');
    expect(first.next_cursor).not.toBeNull();
    const second = await list(listener, `?limit=1&cursor=${first.next_cursor}`);
    expect(second.notifications[0]!.type).toBe('chat_request');
    expect(second.next_cursor).toBeNull();
    expectCode(
      await t.api(listener, 'GET', '/notifications?cursor=bm9wZQ'),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(await t.api(listener, 'GET', '/notifications?limit=500'), 400, 'VALIDATION_ERROR');
  });
});

describe('preferences', () => {
  it('starts from the defaults and keeps critical types in the app', async () => {
    const user = await signUp(t.app);
    const prefs = (await t.api(user, 'GET', '/notifications/preferences')).json();
    expect(prefs.types.message_request).toEqual({ in_app: true, email: true, push: true });
    expect(prefs.message_email).toBe('hourly');
    expect(prefs.critical).toContain('moderation_notice');
    const changed = await t.api(user, 'PUT', '/notifications/preferences', {
      types: { moderation_notice: { in_app: false }, message_request: { email: false } },
    });
    expect(changed.json().types.moderation_notice.in_app).toBe(true);
    expect(changed.json().types.message_request).toEqual({
      in_app: true,
      email: false,
      push: true,
    });
  });

  it.each([
    ['an unknown type', { types: { gossip: { email: false } } }],
    ['a channel that does not exist', { types: { new_message: { sms: true } } }],
    ['a bad time', { quiet_hours: { start: '25:00' } }],
    ['an unknown time zone', { quiet_hours: { time_zone: 'Mars/Olympus' } }],
    ['an unknown digest choice', { message_email: 'weekly' }],
  ])('refuses %s with the error body', async (_label, body) => {
    const user = await signUp(t.app);
    expectCode(
      await t.api(user, 'PUT', '/notifications/preferences', body),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('suppresses exactly the channel chosen', async () => {
    const { sharer, listener } = await listeningChat(t.app);
    await t.api(listener, 'PUT', '/notifications/preferences', {
      types: { message_request: { email: false } },
    });
    await request(sharer, listener);
    const note = await ofType(listener, 'message_request');
    expect(await deliveries(note.id)).toEqual([]);

    const { sharer: s2, listener: l2 } = await listeningChat(t.app);
    await t.api(l2, 'PUT', '/notifications/preferences', {
      types: { message_request: { in_app: false } },
    });
    await request(s2, l2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Only the chat request shows in the app; the request still has its e-mail.
    expect((await list(l2)).notifications.map((n) => n.type)).toEqual(['chat_request']);
    const row = (await t.app.database.db.execute(
      sql`select id from notifications where user_id = ${l2.id} and type = 'message_request'`,
    )) as unknown as { rows: { id: string }[] };
    // Queued at once (no quiet hours, not a chat message); the log mailer may have sent it already.
    const [email] = await deliveries(row.rows[0]!.id);
    expect(email).toMatchObject({ channel: 'email', due: null });
    expect(['queued', 'sent']).toContain(email!.status);
  });

  it('holds e-mail during quiet hours in the user’s zone, and chat e-mail for its hourly digest', async () => {
    // 12:00 UTC is 21:00 in Tokyo: inside quiet hours 20:00–07:00 there, which end at 22:00 UTC.
    const { sharer, listener } = await listeningChat(t.app);
    await t.api(listener, 'PUT', '/notifications/preferences', {
      quiet_hours: { enabled: true, start: '20:00', end: '07:00', time_zone: 'Asia/Tokyo' },
    });
    await request(sharer, listener);
    const note = await ofType(listener, 'message_request');
    expect(await deliveries(note.id)).toEqual([
      { channel: 'email', status: 'held', due: '2026-12-01T22:00:00.000Z' },
    ]);

    const { a, b, id } = await directChat(t.app);
    clock.advance(10 * 60 * 1000);
    await t.api(a, 'POST', `/conversations/${id}/messages`, { content: 'Thinking of you' });
    const message = await ofType(b, 'new_message');
    expect(await deliveries(message.id)).toEqual([
      { channel: 'email', status: 'held', due: '2026-12-01T13:00:00.000Z' },
    ]);
  });
});

describe('push subscriptions', () => {
  const subscription = {
    endpoint: 'https://push.example.test/send/abc',
    keys: {
      p256dh:
        'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
      auth: 'tBHItJI5svbpez7KI4CCXg',
    },
  };

  it('saves a subscription, refuses a malformed one, and deletes only one’s own', async () => {
    const user = await signUp(t.app);
    const key = await t.api(user, 'GET', '/notifications/push-key');
    expect(key.json().public_key.length).toBeGreaterThan(40);
    expectCode(
      await t.api(user, 'POST', '/notifications/push-subscriptions', { endpoint: 'not a url' }),
      400,
      'VALIDATION_ERROR',
    );
    const saved = await t.api(user, 'POST', '/notifications/push-subscriptions', subscription);
    expect(saved.statusCode).toBe(201);
    const stranger = await signUp(t.app);
    expectCode(
      await t.api(stranger, 'DELETE', `/notifications/push-subscriptions/${saved.json().id}`),
      404,
      'NOT_FOUND',
    );
    expect(
      (await t.api(user, 'DELETE', `/notifications/push-subscriptions/${saved.json().id}`))
        .statusCode,
    ).toBe(200);
  });
});
