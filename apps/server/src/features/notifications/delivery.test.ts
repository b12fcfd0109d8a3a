/**
 * E-mail and Web Push as they leave the app: through a real SMTP server (`smtp-server`, parsed
 * with `mailparser`) and a real Web Push service (HTTPS, RFC 8291 payloads decrypted with the
 * subscription's keys), started by the test on loopback. Notifications come from what people do
 * through the API; the delivery queue (pg-boss on the test's database) sends them.
 */
import type { Notification, NotificationsResponse } from '@kindred/protocol';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import {
  createConversation,
  type SignedInUser,
  signInAgain,
  signUp,
} from '../../../test/factories';
import { type ReceivedMail, useMailServer } from '../../../test/mail-server';
import { type PushService, startPushService } from '../../../test/push-service';
import {
  notificationDeliveries,
  notifications,
  notificationSettings,
  pushSubscriptions,
} from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { digestEmailFor, emailFor, pushFor } from './catalogue';
import { createDelivery } from './delivery';
import { createMailer } from './mailer';
import { createQueue } from './queue';
import { createUnsubscribeToken, readUnsubscribeToken } from './unsubscribe';

const clock = new ManualClock();
const mail = useMailServer();
let pushes: PushService;

beforeAll(async () => {
  pushes = await startPushService();
});
const t = useTestApp(() => ({
  clock,
  env: {
    SMTP_URL: mail.url,
    NOTIFY_RETRY_DELAY_SECONDS: '1',
    NOTIFY_RETRY_LIMIT: '3',
    NOTIFY_JOB_EXPIRE_SECONDS: '20',
  },
}));
afterAll(async () => {
  await pushes?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The user's newest notification of a type, once the subscriber made it. */
async function notificationOf(user: SignedInUser, type: Notification['type']) {
  let found: Notification | undefined;
  await expect
    .poll(async () => {
      const list = (await t.api(user, 'GET', '/notifications')).json() as NotificationsResponse;
      found = list.notifications.find((n) => n.type === type);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

async function delivery(notificationId: string, channel: 'email' | 'push') {
  const [row] = await t.app.database.db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.notificationId, notificationId),
        eq(notificationDeliveries.channel, channel),
      ),
    );
  return row;
}

/** Waits until the delivery reached `status`, then returns its row. */
async function deliveryOnce(notificationId: string, channel: 'email' | 'push', status: string) {
  await expect
    .poll(async () => (await delivery(notificationId, channel))?.status, { timeout: 15_000 })
    .toBe(status);
  return (await delivery(notificationId, channel))!;
}

const settingsOf = async (userId: string) =>
  (
    await t.app.database.db
      .select()
      .from(notificationSettings)
      .where(eq(notificationSettings.userId, userId))
  )[0];

/** A message request to the listener from a new sharer. */
async function messageRequest(listener: SignedInUser, content: string) {
  const sharer = await signUpQuietly(t.app);
  const sent = await t.api(sharer, 'POST', '/messages/request', {
    receiver_id: listener.id,
    content,
  });
  expect(sent.statusCode).toBe(201);
  return sharer;
}

/** An approved listener who accepts message requests from anyone. */
/**
 * A user signed up as in the other tests, once the address-confirmation mail that sign-up sends
 * has arrived and been put aside: these tests count the notification mails alone.
 */
async function signUpQuietly(...args: Parameters<typeof signUp>) {
  const user = await signUp(...args);
  await mail.waitFor((m) => m.to.includes(user.email) && Boolean(m.subject?.startsWith('Confirm')));
  mail.forget(user.email);
  return user;
}

async function listenerWithMail() {
  const listener = await signUpQuietly(t.app, { roles: ['listener'] });
  const changed = await t.api(listener, 'PATCH', '/users/me', {
    privacy_settings: { allow_message_requests: true },
  });
  expect(changed.statusCode).toBe(200);
  return listener;
}

/** Waits for the user's second notification of the type (the test clock stands still). */
async function secondOf(user: SignedInUser, type: Notification['type'], first: Notification) {
  let found: Notification[] = [];
  await expect
    .poll(async () => {
      const list = (await t.api(user, 'GET', '/notifications')).json() as NotificationsResponse;
      found = list.notifications.filter((n) => n.type === type);
      return found.length;
    })
    .toBe(2);
  return found.find((n) => n.id !== first.id)!;
}

/** Path and query of the link, to call the app in-process. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click`, form-encoded, no cookies. */
const unsubscribeOneClick = (link: string) =>
  t.app.inject({
    method: 'POST',
    url: pathOf(link),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });

const unsubscribeLink = (received: ReceivedMail) => {
  const header = received.header('list-unsubscribe') ?? '';
  const match = /^<(https?:\/\/[^>]+)>$/.exec(header);
  expect(match, `List-Unsubscribe: ${header}`).not.toBeNull();
  return match![1]!;
};

describe('e-mail', () => {
  it('arrives discreetly, with one-click unsubscribe that works without signing in', async () => {
    const listener = await listenerWithMail();
    const secret = 'I keep thinking about what you said about my sister';
    const sharer = await messageRequest(listener, secret);
    const note = await notificationOf(listener, 'message_request');

    const [received] = await mail.waitFor((m) => m.to.includes(listener.email));
    expect(received!.to).toEqual([listener.email]);
    // MAIL_FROM is unset: the default sender.
    expect(received!.parsed.from?.value).toEqual([
      { name: 'Kindred', address: 'no-reply@kindred.local' },
    ]);
    expect(received!.subject).toBe('You have a new message request on Kindred');
    expect(received!.messageId).toBe(`<${note.id}.email@localhost>`);
    for (const part of [received!.subject ?? '', received!.text, received!.html]) {
      expect(part).not.toContain(secret);
      expect(part).not.toContain(sharer.pseudonym);
      expect(part).not.toContain(sharer.email);
    }
    const link = unsubscribeLink(received!);
    expect(link).toMatch(/^http:\/\/localhost:3000\/api\/v1\/notifications\/unsubscribe\?token=/);
    expect(received!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(received!.text).toContain(link);
    expect(received!.html).toContain(link);

    const row = await deliveryOnce(note.id, 'email', 'sent');
    expect(row).toMatchObject({ attempts: 1, messageId: `<${note.id}.email@localhost>` });
    expect(row.sentAt).not.toBeNull();

    const oneClick = await unsubscribeOneClick(link);
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.json()).toEqual({
      message: 'You will no longer get e-mails about new message requests',
    });
    const prefs = (await t.api(listener, 'GET', '/notifications/preferences')).json();
    expect(prefs.types.message_request).toEqual({ in_app: true, email: false, push: true });

    // The next request still shows in the app, and sends no e-mail.
    const before = mail.messages.length;
    await messageRequest(listener, 'Hello again');
    const latest = await secondOf(listener, 'message_request', note);
    expect(await delivery(latest.id, 'email')).toBeUndefined();
    await sleep(500);
    expect(mail.messages.slice(before).filter((m) => m.to.includes(listener.email))).toEqual([]);
  });

  it('answers the link in the body with a confirmation page, and refuses bad tokens', async () => {
    const user = await signUpQuietly(t.app);
    const token = createUnsubscribeToken(t.config.jwtSecret, {
      userId: user.id,
      topic: 'request_accepted',
      expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    const url = `/api/v1/notifications/unsubscribe?token=${token}`;

    // A link preview or scanner (HEAD) changes nothing.
    expect((await t.app.inject({ method: 'HEAD', url })).statusCode).not.toBe(200);
    expect(await settingsOf(user.id)).toBeUndefined();

    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.startsWith('<!doctype html>')).toBe(true);
    expect(page.body).toContain('<h1>You are unsubscribed</h1>');
    expect(page.body).toContain('accepted message requests');
    const prefs = (await t.api(user, 'GET', '/notifications/preferences')).json();
    expect(prefs.types.request_accepted.email).toBe(false);
    expect(prefs.types.message_request.email).toBe(true);

    // Twice is the same as once; multipart one-click bodies are accepted too.
    const again = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload:
        '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(again.statusCode).toBe(200);

    const [payload, signature] = token.split('.') as [string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.slice(-1)}`;
    const forged = Buffer.from(
      Buffer.from(payload, 'base64url').toString().replace('request_accepted', 'message_request'),
    ).toString('base64url');
    const expired = createUnsubscribeToken(t.config.jwtSecret, {
      userId: user.id,
      topic: 'message_request',
      expiresAt: new Date(clock.now().getTime() - 1000),
    });
    const otherSecret = createUnsubscribeToken('another-secret-of-at-least-32-characters', {
      userId: user.id,
      topic: 'message_request',
      expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    for (const bad of [
      `${payload}.${flipped}`,
      `${forged}.${signature}`,
      expired,
      otherSecret,
      'not-a-token',
    ]) {
      for (const method of ['GET', 'POST'] as const) {
        expectCode(
          await t.app.inject({
            method,
            url: `/api/v1/notifications/unsubscribe?token=${encodeURIComponent(bad)}`,
          }),
          400,
          'VALIDATION_ERROR',
        );
      }
    }
    expectCode(
      await t.app.inject({ method: 'POST', url: '/api/v1/notifications/unsubscribe' }),
      400,
      'VALIDATION_ERROR',
    );
    expect((await t.api(user, 'GET', '/notifications/preferences')).json().types).toMatchObject({
      message_request: { email: true },
    });
    expect(readUnsubscribeToken(t.config.jwtSecret, token, clock.now())).toEqual({
      userId: user.id,
      topic: 'request_accepted',
    });
  });

  it('turns e-mail off for someone whose address is refused for good (550)', async () => {
    const listener = await listenerWithMail();
    mail.refuse(listener.email);
    await messageRequest(listener, 'Could we talk again?');
    const note = await notificationOf(listener, 'message_request');
    const row = await deliveryOnce(note.id, 'email', 'failed');
    expect(row.error).toContain('550');
    expect(row.attempts).toBe(1);
    expect((await settingsOf(listener.id))?.emailDisabledAt).toBeInstanceOf(Date);
    // Not retried: a refusal for good is final.
    await sleep(2500);
    expect(mail.recipientAttempts(listener.email)).toBe(1);

    await messageRequest(listener, 'Another one');
    const latest = await secondOf(listener, 'message_request', note);
    expect(await delivery(latest.id, 'email')).toBeUndefined();
    expect(mail.messages.filter((m) => m.to.includes(listener.email))).toEqual([]);

    // The settings page says e-mail is paused; once the mailbox works, the person turns it on.
    expect((await t.api(listener, 'GET', '/notifications/preferences')).json()).toMatchObject({
      email_paused: true,
    });
    mail.accept(listener.email);
    const resumed = await t.api(listener, 'PUT', '/notifications/preferences', {
      resume_email: true,
    });
    expect(resumed.json()).toMatchObject({ email_paused: false });
    expectCode(
      await t.api(listener, 'PUT', '/notifications/preferences', { resume_email: false }),
      400,
      'VALIDATION_ERROR',
    );
    await messageRequest(listener, 'And once more');
    await mail.waitFor((m) => m.to.includes(listener.email));
    expect(mail.messages.filter((m) => m.to.includes(listener.email))).toHaveLength(1);
  });

  it('retries a temporary refusal (451) and the mail arrives once, the same mail', async () => {
    const listener = await listenerWithMail();
    mail.failOnce(listener.email, 451);
    await messageRequest(listener, 'Are you free this week?');
    const note = await notificationOf(listener, 'message_request');
    const [received] = await mail.waitFor((m) => m.to.includes(listener.email));
    expect(received!.messageId).toBe(`<${note.id}.email@localhost>`);
    const row = await deliveryOnce(note.id, 'email', 'sent');
    expect(row.attempts).toBe(2);
    expect(row.error).toBeNull();
    expect(mail.recipientAttempts(listener.email)).toBe(2);
    await sleep(1500);
    expect(mail.messages.filter((m) => m.to.includes(listener.email))).toHaveLength(1);
  });
});

describe('Web Push', () => {
  it('arrives encrypted for the browser, discreet, with the link to open', async () => {
    const listener = await listenerWithMail();
    const browser = pushes.subscribe();
    const saved = await t.api(listener, 'POST', '/notifications/push-subscriptions', browser);
    expect(saved.statusCode).toBe(201);
    const sharer = await messageRequest(listener, 'It helped so much to talk');
    const note = await notificationOf(listener, 'message_request');

    await pushes.waitFor(browser.endpoint);
    const [push] = pushes.received.filter((p) => p.endpoint === browser.endpoint);
    expect(push!.payload).toEqual({
      title: 'You have a new message request on Kindred',
      body: 'Someone you talked with on Kindred would like to send you messages.',
      link: '/messages?tab=requests',
      tag: note.id,
    });
    expect(JSON.stringify(push!.payload)).not.toContain(sharer.pseudonym);
    expect(push!.headers).toMatchObject({
      ttl: '86400',
      urgency: 'normal',
      contentEncoding: 'aes128gcm',
    });
    const key = (await t.api(listener, 'GET', '/notifications/push-key')).json().public_key;
    expect(push!.vapid).toMatchObject({ valid: true, publicKey: key, audience: pushes.origin });
    const row = await deliveryOnce(note.id, 'push', 'sent');
    expect(row.attempts).toBe(1);
  });

  it('stops using a subscription the push service says is gone (410), without retrying', async () => {
    const listener = await listenerWithMail();
    const browser = pushes.subscribe();
    pushes.gone(browser.endpoint);
    const saved = await t.api(listener, 'POST', '/notifications/push-subscriptions', browser);
    await messageRequest(listener, 'Checking in');
    const note = await notificationOf(listener, 'message_request');

    await pushes.waitFor(browser.endpoint);
    const row = await deliveryOnce(note.id, 'push', 'skipped');
    expect(row.error).toBe('every device unsubscribed');
    const [subscription] = await t.app.database.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.id, saved.json().id));
    expect(subscription!.disabledAt).toBeInstanceOf(Date);
    await sleep(2500);
    expect(pushes.requests(browser.endpoint)).toBe(1);

    // With no device left, the next notification has no push delivery at all.
    await messageRequest(listener, 'Still here');
    const latest = await secondOf(listener, 'message_request', note);
    expect(await delivery(latest.id, 'push')).toBeUndefined();
  });
});

describe('the mailer without SMTP_URL', () => {
  it('writes recipient and subject to the log, never the body', async () => {
    const lines: unknown[] = [];
    const log = { info: (...args: unknown[]) => lines.push(args) } as unknown as FastifyBaseLogger;
    const mailer = createMailer({ smtpUrl: undefined, mailFrom: 'Kindred <a@b.c>' }, log);
    expect(mailer.kind).toBe('log');
    await mailer.send({
      to: 'person@example.org',
      subject: 'You have a new message on Kindred',
      text: 'the body',
      html: '<p>the body</p>',
      messageId: '<x.email@localhost>',
      unsubscribeUrl: 'http://localhost:3000/api/v1/notifications/unsubscribe?token=t',
    });
    expect(JSON.stringify(lines)).toContain('person@example.org');
    expect(JSON.stringify(lines)).toContain('You have a new message on Kindred');
    expect(JSON.stringify(lines)).not.toContain('the body');
  });
});

describe('the recovery sweep', () => {
  it('queues again what lost its job, once, and gives up on what used every attempt', async () => {
    // A second delivery service on the same database, as another node would run it.
    const queue = createQueue({ database: t.app.database, log: t.app.log, config: t.config });
    const other = createDelivery(
      { db: t.app.database.db, database: t.app.database, clock, config: t.config, log: t.app.log },
      {
        queue,
        mailer: createMailer(t.config, t.app.log),
        push: undefined,
        catalogue: { emailFor, digestEmailFor, pushFor },
      },
    );
    await queue.start();
    await other.start();
    try {
      const person = await signUpQuietly(t.app);
      const db = t.app.database.db;
      const longAgo = new Date(clock.now().getTime() - 5 * 60_000);
      // As if a node died between committing these and queueing their jobs.
      const store = async (type: string, delivery: { dueAt?: Date; attempts?: number }) => {
        const [row] = await db
          .insert(notifications)
          .values({
            userId: person.id,
            type,
            title: 'In-app title',
            body: 'In-app body',
            link: '/messages',
            createdAt: longAgo,
          })
          .returning();
        await db.insert(notificationDeliveries).values({
          notificationId: row!.id,
          channel: 'email',
          status: 'queued',
          dueAt: delivery.dueAt ?? null,
          attempts: delivery.attempts ?? 0,
          createdAt: sql`now() - interval '5 minutes'`,
        });
        return row!.id;
      };
      const lost = await store('listener_approved', {});
      const spent = await store('moderation_notice', { attempts: 4 });
      const chatA = await store('new_message', { dueAt: longAgo });
      const chatB = await store('support_reply', { dueAt: longAgo });

      expect(await other.recover(clock.now())).toBe(4);
      const mails = await mail.waitFor((m) => m.to.includes(person.email), { count: 2 });
      expect(mails.map((m) => m.subject).sort()).toEqual([
        'About your Kindred listener application',
        'You have new messages on Kindred',
      ]);
      expect((await deliveryOnce(lost, 'email', 'sent')).messageId).toBe(
        `<${lost}.email@localhost>`,
      );
      expect((await deliveryOnce(spent, 'email', 'failed')).error).toBe('gave up after 4 attempts');
      const digest = await Promise.all(
        [chatA, chatB].map((id) => deliveryOnce(id, 'email', 'sent')),
      );
      expect(digest.map((r) => r.messageId)).toEqual([
        `<${chatA}.email@localhost>`,
        `<${chatA}.email@localhost>`,
      ]);
      // Nothing is left to recover, and nothing more arrives.
      expect(await other.recover(clock.now())).toBe(0);
      await sleep(500);
      expect(mail.messages.filter((m) => m.to.includes(person.email))).toHaveLength(2);
    } finally {
      other.stop();
      await queue.stop();
    }
  });
});

// Last: it moves the clock an hour on.
describe('the hourly digest of chat messages', () => {
  it('sends the messages due for one person as one e-mail, without those already read', async () => {
    const person = await signUpQuietly(t.app);
    const writers = [
      await signUpQuietly(t.app),
      await signUpQuietly(t.app),
      await signUpQuietly(t.app),
    ];
    const conversations: string[] = [];
    const words = ['I found the courage today', 'Thank you for last night', 'Rough week again'];
    for (const [i, writer] of writers.entries()) {
      const { id } = await createConversation(t.app, {
        kind: 'direct',
        members: [{ id: writer.id }, { id: person.id }],
      });
      conversations.push(id);
      const sent = await t.api(writer, 'POST', `/conversations/${id}/messages`, {
        content: words[i],
      });
      expect(sent.statusCode).toBe(201);
    }
    let notes: Notification[] = [];
    await expect
      .poll(async () => {
        const list = (await t.api(person, 'GET', '/notifications')).json();
        notes = (list as NotificationsResponse).notifications;
        return notes.length;
      })
      .toBe(3);
    for (const note of notes) {
      expect((await delivery(note.id, 'email'))?.status).toBe('held');
    }
    // One was read before the digest went out.
    const read = notes.find((n) => n.conversation_id === conversations[2])!;
    expect((await t.api(person, 'PUT', `/notifications/${read.id}/read`)).statusCode).toBe(200);

    clock.advance(61 * 60 * 1000);
    const [digest] = await mail.waitFor((m) => m.to.includes(person.email), {
      timeoutMs: 20_000,
    });
    expect(digest!.subject).toBe('You have new messages on Kindred');
    for (const text of [digest!.text, digest!.html, digest!.subject ?? '']) {
      for (const writer of writers) expect(text).not.toContain(writer.pseudonym);
      for (const said of words) expect(text).not.toContain(said);
    }
    const link = unsubscribeLink(digest!);
    const token = new URL(link).searchParams.get('token')!;
    expect(readUnsubscribeToken(t.config.jwtSecret, token, clock.now())).toEqual({
      userId: person.id,
      topic: 'message_digest',
    });

    const unread = notes.filter((n) => n.id !== read.id);
    const rows = await Promise.all(unread.map((n) => deliveryOnce(n.id, 'email', 'sent')));
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(1);
    expect(rows.map((r) => r.messageId)).toContain(digest!.messageId);
    expect((await deliveryOnce(read.id, 'email', 'skipped')).error).toBe('read before it was sent');
    await sleep(1000);
    expect(mail.messages.filter((m) => m.to.includes(person.email))).toHaveLength(1);

    // One click turns message e-mails off altogether.
    const oneClick = await unsubscribeOneClick(link);
    expect(oneClick.statusCode).toBe(200);
    await signInAgain(t.app, person);
    expect((await t.api(person, 'GET', '/notifications/preferences')).json().message_email).toBe(
      'never',
    );
  });
});
