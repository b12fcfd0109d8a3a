import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  alwaysEmailedTypes,
  apiPrefix,
  type NotificationType,
  notificationTypes,
} from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { findUserById } from '../identity';
import * as repo from './notifications.repository';
import { defaultSettings } from './preferences';

/**
 * One-click unsubscribe (RFC 8058) without signing in: every e-mail carries a link with a signed
 * token naming the person and the kind of e-mail; following it turns that kind of e-mail off.
 */

/**
 * What a token turns off: the e-mail of one notification type, or `message_digest`: e-mails
 * about chat messages altogether (the digest may bundle several types).
 */
export type UnsubscribeTopic = NotificationType | 'message_digest';

/** A link stays valid this long: people unsubscribe from old mail too. */
export const UNSUBSCRIBE_TOKEN_DAYS = 365;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const topics = new Set<string>([...notificationTypes, 'message_digest']);
const alwaysEmailed = new Set<string>(alwaysEmailedTypes);

/** True when people may turn this kind of e-mail off (account security mail always goes). */
export const canUnsubscribe = (topic: UnsubscribeTopic) => !alwaysEmailed.has(topic);

/** A key of its own, derived from the server secret, so these tokens are no use as anything else. */
const keyOf = (secret: string) =>
  createHmac('sha256', secret).update('kindred:unsubscribe:v1').digest();

const sign = (secret: string, payload: string) =>
  createHmac('sha256', keyOf(secret)).update(payload).digest();

/** base64url(`userId.topic.expirySeconds`) `.` base64url(HMAC-SHA256 of that). */
export function createUnsubscribeToken(
  secret: string,
  claims: { userId: string; topic: UnsubscribeTopic; expiresAt: Date },
): string {
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000);
  const payload = Buffer.from(`${claims.userId}.${claims.topic}.${expiry}`).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The claims of a genuine, unexpired token; undefined for anything else. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
  now: Date,
): { userId: string; topic: UnsubscribeTopic } | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [userId, topic, expiry, more] = Buffer.from(payload, 'base64url').toString().split('.');
  if (!userId || !topic || !expiry || more !== undefined) return undefined;
  if (!UUID.test(userId) || !topics.has(topic) || !/^\d+$/.test(expiry)) return undefined;
  if (Number(expiry) * 1000 <= now.getTime()) return undefined;
  return { userId, topic: topic as UnsubscribeTopic };
}

/** The link in an e-mail to this person about this kind of e-mail. */
export function unsubscribeUrl(
  options: { publicUrl: string; secret: string; now: Date },
  userId: string,
  topic: UnsubscribeTopic,
): string {
  const expiresAt = new Date(options.now.getTime() + UNSUBSCRIBE_TOKEN_DAYS * 24 * 3600 * 1000);
  const token = createUnsubscribeToken(options.secret, { userId, topic, expiresAt });
  return `${options.publicUrl}${apiPrefix}/notifications/unsubscribe?token=${token}`;
}

/** What the confirmation says is now off. */
const described: Record<UnsubscribeTopic, string> = {
  message_request: 'new message requests',
  request_accepted: 'accepted message requests',
  new_message: 'new messages',
  support_reply: 'answers from Kindred Support',
  chat_request: 'people asking to talk',
  listener_free: 'a listener being free while you wait',
  listener_approved: 'your listener application',
  listener_rejected: 'your listener application',
  moderation_notice: 'notes from the Kindred team',
  account_security: 'your account security',
  appointment_booked: 'booked sessions',
  appointment_rescheduled: 'moved sessions',
  appointment_cancelled: 'cancelled sessions',
  appointment_reminder: 'session reminders',
  message_digest: 'new messages',
};

export const describeTopic = (topic: UnsubscribeTopic) => described[topic];

/**
 * Turns the token's kind of e-mail off for its person. Bad, tampered or expired tokens are a
 * 400. Doing it twice is the same as once; for an account that no longer exists there is nothing
 * to turn off, and the answer is the same (it tells nothing about the account).
 */
export function createUnsubscriber(deps: { db: Db; clock: Clock; secret: string }) {
  const { db, clock } = deps;
  return async function unsubscribe(token: string): Promise<{ topic: UnsubscribeTopic }> {
    const claims = readUnsubscribeToken(deps.secret, token, clock.now());
    if (!claims) {
      const message = 'This unsubscribe link is not valid or has expired';
      throw errors.validation([{ path: 'token', message }], message);
    }
    const { userId, topic } = claims;
    if (!canUnsubscribe(topic) || !(await findUserById(db, userId))) return { topic };
    const settings = (await repo.findSettings(db, userId)) ?? defaultSettings(userId);
    const next =
      topic === 'message_digest'
        ? { ...settings, messageEmail: 'never' as const }
        : {
            ...settings,
            channels: {
              ...settings.channels,
              [topic]: { ...settings.channels[topic], email: false },
            },
          };
    await repo.saveSettings(db, { ...next, updatedAt: clock.now() });
    return { topic };
  };
}
export type Unsubscriber = ReturnType<typeof createUnsubscriber>;
