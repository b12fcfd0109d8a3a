import { createHash } from 'node:crypto';
import webPush, { WebPushError } from 'web-push';
import type { Config } from '../../config';
import { endpointProblem, InwardAddressError, publicOnlyAgent } from './push-address';

/** What a push shows: as discreet as the e-mail (no message text, nobody named). */
export interface PushPayload {
  title: string;
  body: string;
  /** The in-app path to open when the notification is clicked. */
  link: string;
  /** The notification's id: a device that gets the same push twice shows it once. */
  tag: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * How one subscription answered. `gone` (404, 410): the browser unsubscribed; never try it
 * again. `rejected`: refused for good (another 4xx, or keys that cannot be used). `retry`:
 * the push service is busy or unreachable; try again later.
 */
export type PushOutcome =
  | { outcome: 'sent' }
  | { outcome: 'gone'; status: number }
  | { outcome: 'rejected'; status?: number; message: string }
  | { outcome: 'retry'; status?: number; message: string };

export interface PushSender {
  send(target: PushTarget, payload: PushPayload): Promise<PushOutcome>;
}

/** How long a push service keeps a push for a device that is offline. */
const TTL_SECONDS = 24 * 3600;
const TIMEOUT_MS = 15_000;

/** Pushes of one notification replace each other at the push service while undelivered. */
const topicOf = (tag: string) => createHash('sha256').update(tag).digest('base64url').slice(0, 32);

/** Sorts a web-push failure into what the delivery worker does next. */
export function classifyPushError(error: unknown): PushOutcome {
  if (error instanceof InwardAddressError) return { outcome: 'rejected', message: error.message };
  if (error instanceof WebPushError) {
    const status = error.statusCode;
    const message = `${status} ${error.body || error.message}`.slice(0, 500);
    if (status === 404 || status === 410) return { outcome: 'gone', status };
    if (status === 429 || status >= 500) return { outcome: 'retry', status, message };
    return { outcome: 'rejected', status, message };
  }
  const failure = error as { code?: unknown; message?: unknown };
  const message = String(failure?.message ?? error).slice(0, 500);
  // Network trouble has a system error code (or is web-push's socket timeout); anything else
  // is web-push refusing the subscription itself (keys of the wrong length, a bad address).
  if (typeof failure?.code === 'string' || /timeout/i.test(message)) {
    return { outcome: 'retry', message };
  }
  return { outcome: 'rejected', message };
}

/** Web Push with the deployment's VAPID keys; undefined when push is off (no keys). */
export function createPushSender(
  config: Pick<Config, 'vapid' | 'pushPublicOnly'>,
): PushSender | undefined {
  const { vapid } = config;
  if (!vapid) return undefined;
  const agent = config.pushPublicOnly ? publicOnlyAgent() : undefined;
  const vapidDetails = {
    subject: vapid.subject,
    publicKey: vapid.publicKey,
    privateKey: vapid.privateKey,
  };
  return {
    async send(target, payload) {
      const problem = config.pushPublicOnly ? endpointProblem(target.endpoint) : undefined;
      if (problem) return { outcome: 'rejected', message: problem };
      try {
        await webPush.sendNotification(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          JSON.stringify(payload),
          {
            vapidDetails,
            TTL: TTL_SECONDS,
            urgency: 'normal',
            topic: topicOf(payload.tag),
            contentEncoding: 'aes128gcm',
            timeout: TIMEOUT_MS,
            ...(agent ? { agent } : {}),
          },
        );
        return { outcome: 'sent' };
      } catch (error) {
        return classifyPushError(error);
      }
    },
  };
}
