import { createHash } from 'node:crypto';
import { apiPrefix, type NotificationType } from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { NotificationSettingsRow } from '../../db/schema';
import type { App, ModuleContext } from '../../lib/module';
import { findUserById } from '../identity';
import { digestEmailFor, emailFor, pushFor } from './catalogue';
import { createMailer, MailError, type Mailer } from './mailer';
import * as repo from './notifications.repository';
import { channelsFor, chatNotificationTypes, defaultSettings, isChatType } from './preferences';
import { createPushSender, type PushOutcome, type PushSender } from './push';
import { createQueue, type JobQueue, QUEUE_SCHEMA, type QueueJob } from './queue';
import {
  canUnsubscribe,
  createUnsubscriber,
  unsubscribeUrl,
  type UnsubscribeTopic,
} from './unsubscribe';
import { unsubscribeRoutes } from './unsubscribe.routes';

/**
 * E-mail and Web Push for notifications (DESIGN §11). The service records, per notification and
 * channel, a `notification_deliveries` row (the idempotency key); this file sends them:
 *
 * - a delivery due now becomes a job on the `notification.deliver` queue (`enqueue`), run once
 *   across nodes, retried with backoff, taken over when the node running it dies;
 * - a held one (quiet hours, the hourly chat digest) is released when due (`releaseDue`, every
 *   5 s on one node); chat-message e-mails due for one person go out as one digest mail;
 * - a worker sends what its job names unless it went already, was read meanwhile (chat
 *   messages), or the person turned it off; the Message-ID is fixed before the first attempt,
 *   so a repeat after a crash is the same mail;
 * - a recovery sweep re-queues deliveries whose job was lost (a node died between the commit and
 *   the job) and gives up on those that used every attempt.
 *
 * Two runs of the same delivery never overlap: each holds a lock per delivery while it sends (a
 * PostgreSQL session advisory lock, released by the database if the node dies).
 *
 * Test hook: with `KINDRED_FAULT=crash-before-send` in its environment, a node kills itself
 * (SIGKILL) after taking a job and fixing its Message-ID, just before sending. Only the
 * multi-node test sets it, to show that another node takes the job over and the mail still goes
 * out exactly once.
 */

export type Channel = 'email' | 'push';

/** One job: a delivery, or (e-mail) the chat-message notifications of one digest. */
export interface DeliveryJob {
  channel: Channel;
  ids: string[];
}

export const DELIVER_QUEUE = 'notification.deliver';
/** How many jobs one node sends at once. */
const CONCURRENCY = 2;
/** A queued delivery with no job this long after it was due is re-queued by the sweep. */
const ORPHAN_AFTER_MS = 60_000;
const RELEASE_EVERY_MS = 5_000;
const RECOVERY_EVERY_MS = 30_000;

/** A calendar file as an e-mail attachment, its METHOD (PUBLISH, CANCEL) in the content type. */
function calendarAttachment(calendar: string) {
  const method = /^METHOD:([A-Z]+)\r?$/m.exec(calendar)?.[1] ?? 'PUBLISH';
  return {
    filename: 'kindred-session.ics',
    content: calendar,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}

/** The texts of e-mails and pushes (catalogue.ts): discreet, never message text or names. */
export interface DeliveryCatalogue {
  emailFor: typeof emailFor;
  digestEmailFor: typeof digestEmailFor;
  pushFor: typeof pushFor;
}

export type DeliveryContext = Pick<ModuleContext, 'db' | 'database' | 'clock' | 'config' | 'log'>;

export interface DeliveryDeps {
  queue: JobQueue;
  mailer: Mailer;
  /** Undefined when Web Push is off: push deliveries are skipped. */
  push: PushSender | undefined;
  catalogue: DeliveryCatalogue;
}

type Row = repo.DeliveryWithNotification;

/** Runs `work` while holding every key, or answers `busy` when another run holds one. */
interface DeliveryLocks {
  run<T>(keys: string[], work: () => Promise<T>): Promise<T | typeof BUSY>;
}
const BUSY = Symbol('busy');

/** A stable signed 64-bit number per key, the same on every node. */
const lockNumber = (key: string) =>
  createHash('sha256').update(`kindred-delivery:${key}`).digest().readBigInt64BE(0).toString();

/** Keys held per embedded database: every delivery service on it in this process shares them. */
const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * PostgreSQL: session advisory locks on a connection held while sending, so a node that dies
 * loses them with its connection. The embedded database has one process: a set in memory.
 */
function createLocks(database: Database): DeliveryLocks {
  const { driver } = database;
  if (driver.kind === 'pglite') {
    let held = heldInProcess.get(driver.client);
    if (!held) heldInProcess.set(driver.client, (held = new Set<string>()));
    const keysHeld = held;
    return {
      async run(keys, work) {
        if (keys.some((key) => keysHeld.has(key))) return BUSY;
        for (const key of keys) keysHeld.add(key);
        try {
          return await work();
        } finally {
          for (const key of keys) keysHeld.delete(key);
        }
      },
    };
  }
  return {
    async run(keys, work) {
      const client = await driver.pool.connect();
      const taken: string[] = [];
      let broken = false;
      try {
        for (const key of [...keys].sort()) {
          const { rows } = await client.query<{ ok: boolean }>(
            'select pg_try_advisory_lock($1::bigint) as ok',
            [lockNumber(key)],
          );
          if (!rows[0]?.ok) return BUSY;
          taken.push(key);
        }
        return await work();
      } finally {
        for (const key of taken) {
          await client
            .query('select pg_advisory_unlock($1::bigint)', [lockNumber(key)])
            .catch(() => (broken = true));
        }
        // A connection that could not unlock is closed: its locks go with it.
        client.release(broken);
      }
    },
  };
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const iso = (date: Date) => date.toISOString();
const typesList = sql.join(
  chatNotificationTypes.map((type) => sql`${type}`),
  sql`, `,
);

export function createDelivery(ctx: DeliveryContext, deps: DeliveryDeps) {
  const { db, clock, config, log } = ctx;
  const { queue, mailer, push, catalogue } = deps;
  const jobs = config.notificationJobs;
  const host = new URL(config.publicUrl).hostname;
  const locks = createLocks(ctx.database);
  let working = false;

  const sendOptions = (singletonKey: string) => ({
    singletonKey,
    retryLimit: jobs.retryLimit,
    retryDelay: jobs.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: jobs.expireSeconds,
  });

  /** Adds the job; a failure is logged, and the recovery sweep queues the delivery again. */
  async function send(job: DeliveryJob, singletonKey: string): Promise<void> {
    try {
      await queue.send(DELIVER_QUEUE, job, sendOptions(singletonKey));
    } catch (error) {
      log.warn({ err: error, job }, 'notification delivery not queued; the sweep will retry');
    }
  }

  const settle = (channel: Channel, ids: string[], values: repo.DeliveryChange) =>
    repo.settleDeliveries(db, channel, ids, values);

  /** Why this delivery is not to be sent (any more), if it is not. */
  function skipReason(
    channel: Channel,
    row: Row,
    settings: NotificationSettingsRow,
  ): string | undefined {
    const { notification } = row;
    const type = notification.type as NotificationType;
    if (isChatType(type) && notification.readAt) return 'read before it was sent';
    const chosen = channelsFor(settings, type);
    if (channel === 'push') return chosen.push ? undefined : 'push turned off';
    if (settings.emailDisabledAt) return 'e-mail to this address is disabled';
    if (!chosen.email) return 'e-mail turned off';
    if (isChatType(type) && settings.messageEmail === 'never') return 'message e-mails turned off';
    return undefined;
  }

  /**
   * Counts the attempt and fixes the Message-ID every attempt uses: the one an earlier attempt
   * stored, else `<notificationId.channel@host>` of the job's first notification. Returns it with
   * the number of attempts made so far, this one included.
   */
  async function startAttempt(
    channel: Channel,
    ids: string[],
    rows: Row[],
  ): Promise<{ messageId: string; attempts: number }> {
    const messageId =
      rows.find((r) => r.delivery.messageId)?.delivery.messageId ??
      `<${ids[0]}.${channel}@${host}>`;
    const attempts = await repo.countAttempt(
      db,
      channel,
      rows.map((r) => r.notification.id),
      messageId,
    );
    return { messageId, attempts };
  }

  /** What the worker does after a failed attempt: retry (throw) or give up (recorded). */
  async function failed(
    channel: Channel,
    ids: string[],
    error: string,
    retry: boolean,
  ): Promise<void> {
    if (retry) {
      await settle(channel, ids, { error });
      throw new Error(`notification ${channel} not sent yet: ${error}`);
    }
    await settle(channel, ids, { status: 'failed', error });
    log.warn({ channel, notificationIds: ids, error }, 'notification delivery failed');
  }

  async function sendEmail(
    rows: Row[],
    user: { id: string; email: string; pseudonym: string },
    messageId: string,
    lastTry: boolean,
  ) {
    const ids = rows.map((r) => r.notification.id);
    const recipient = { pseudonym: user.pseudonym, publicUrl: config.publicUrl };
    const single = rows.length === 1 ? rows[0]!.notification : undefined;
    const content = single
      ? catalogue.emailFor(single, recipient)
      : catalogue.digestEmailFor(recipient);
    const topic: UnsubscribeTopic = single ? (single.type as NotificationType) : 'message_digest';
    const unsubscribe = canUnsubscribe(topic)
      ? unsubscribeUrl(
          { publicUrl: config.publicUrl, secret: config.jwtSecret, now: clock.now() },
          user.id,
          topic,
        )
      : undefined;
    try {
      await mailer.send({
        to: user.email,
        ...content,
        messageId,
        unsubscribeUrl: unsubscribe,
        attachments: single?.calendar ? [calendarAttachment(single.calendar)] : undefined,
      });
    } catch (error) {
      const failure =
        error instanceof MailError ? error : new MailError('temporary', String(error));
      if (failure.kind === 'recipient') {
        await repo.disableEmail(db, user.id, clock.now());
        log.info(
          { userId: user.id, responseCode: failure.responseCode },
          'e-mail address refused for good; e-mail is off for this person',
        );
        return failed('email', ids, failure.message, false);
      }
      return failed('email', ids, failure.message, failure.kind === 'temporary' && !lastTry);
    }
    await settle('email', ids, { status: 'sent', sentAt: clock.now(), error: null });
  }

  async function sendPush(rows: Row[], userId: string, lastTry: boolean) {
    const ids = rows.map((r) => r.notification.id);
    const devices = push ? await repo.activePushSubscriptions(db, userId) : [];
    if (devices.length === 0) {
      await settle('push', ids, {
        status: 'skipped',
        error: push ? 'no device subscribed' : 'push is not configured',
      });
      return;
    }
    const outcomes: PushOutcome[] = [];
    for (const { notification } of rows) {
      const payload = { ...catalogue.pushFor(notification), tag: notification.id };
      for (const device of devices) {
        const outcome = await push!.send(device, payload);
        outcomes.push(outcome);
        if (outcome.outcome === 'gone') {
          // The browser unsubscribed: this subscription is never tried again.
          await repo.disablePushSubscription(db, device.id, clock.now());
        }
      }
    }
    const retry = outcomes.find((o) => o.outcome === 'retry');
    if (retry && retry.outcome === 'retry') return failed('push', ids, retry.message, !lastTry);
    if (outcomes.some((o) => o.outcome === 'sent')) {
      await settle('push', ids, { status: 'sent', sentAt: clock.now(), error: null });
      return;
    }
    const rejected = outcomes.find((o) => o.outcome === 'rejected');
    if (rejected && rejected.outcome === 'rejected') {
      return failed('push', ids, rejected.message, false);
    }
    await settle('push', ids, { status: 'skipped', error: 'every device unsubscribed' });
  }

  /** One attempt at a job, holding the locks of its deliveries. */
  async function attempt(job: QueueJob<DeliveryJob>): Promise<void> {
    const { channel, ids } = job.data;
    const queued = (await repo.findDeliveries(db, channel, ids)).filter(
      (r) => r.delivery.status === 'queued',
    );
    if (queued.length === 0) return;
    const userId = queued[0]!.notification.userId;
    const rows = queued.filter((r) => r.notification.userId === userId);
    const user = await findUserById(db, userId);
    if (!user || !user.isActive || (channel === 'email' && !user.emailVerifiedAt)) {
      const reason = !user
        ? 'the account no longer exists'
        : user.isActive
          ? 'the e-mail address is not verified'
          : 'the account is suspended';
      await settle(channel, ids, { status: 'skipped', error: reason });
      return;
    }
    const settings = (await repo.findSettings(db, userId)) ?? defaultSettings(userId);
    const live: Row[] = [];
    for (const row of rows) {
      const reason = skipReason(channel, row, settings);
      if (reason)
        await settle(channel, [row.notification.id], { status: 'skipped', error: reason });
      else live.push(row);
    }
    if (live.length === 0) return;
    const { messageId, attempts } = await startAttempt(channel, ids, live);
    if (process.env.KINDRED_FAULT === 'crash-before-send') {
      log.warn({ jobId: job.id }, 'KINDRED_FAULT=crash-before-send: this node stops now');
      process.kill(process.pid, 'SIGKILL');
    }
    const lastTry = job.retryCount >= job.retryLimit || attempts > jobs.retryLimit;
    if (channel === 'email') await sendEmail(live, user, messageId, lastTry);
    else await sendPush(live, userId, lastTry);
  }

  /** The worker: runs one job unless another run holds one of its deliveries. */
  async function handle(job: QueueJob<DeliveryJob>): Promise<void> {
    const { channel, ids } = job.data;
    if (!Array.isArray(ids) || ids.length === 0 || (channel !== 'email' && channel !== 'push')) {
      log.warn({ jobId: job.id }, 'notification job without deliveries ignored');
      return;
    }
    const outcome = await locks.run(
      ids.map((id) => `${id}:${channel}`),
      () => attempt(job),
    );
    if (outcome === BUSY) {
      // Another run is sending these right now; whatever it does, its job (or the recovery
      // sweep) finishes them. Looking again later costs nothing: they will be sent by then.
      if (job.retryCount >= job.retryLimit) return;
      throw new Error('another run is sending these notifications now');
    }
  }

  /**
   * Releases held deliveries that are due: one job each, except chat-message e-mails, which go
   * as one digest per person. Returns how many deliveries were released.
   */
  async function releaseDue(now: Date): Promise<number> {
    if (!working) return 0;
    const single = rowsOf<{ notification_id: string; channel: Channel }>(
      await db.execute(sql`
        update notification_deliveries d set status = 'queued'
        from notifications n
        where n.id = d.notification_id and d.status = 'held'
          and d.due_at <= ${iso(now)}::timestamptz
          and (d.channel = 'push' or n.type not in (${typesList}))
        returning d.notification_id, d.channel`),
    );
    for (const row of single) {
      await send(
        { channel: row.channel, ids: [row.notification_id] },
        `${row.notification_id}:${row.channel}`,
      );
    }
    const chat = rowsOf<{ notification_id: string; user_id: string; created_at: string | Date }>(
      await db.execute(sql`
        update notification_deliveries d set status = 'queued'
        from notifications n
        where n.id = d.notification_id and d.status = 'held'
          and d.due_at <= ${iso(now)}::timestamptz
          and d.channel = 'email' and n.type in (${typesList})
        returning d.notification_id, n.user_id, n.created_at`),
    );
    await sendDigests(chat);
    return single.length + chat.length;
  }

  /** One e-mail job per person for their chat-message notifications, oldest first. */
  async function sendDigests(
    rows: { notification_id: string; user_id: string; created_at: string | Date }[],
  ) {
    const byUser = new Map<string, typeof rows>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
    for (const [userId, mine] of byUser) {
      const ids = mine
        .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
        .map((r) => r.notification_id);
      await send({ channel: 'email', ids }, `digest:${userId}:${ids[0]}`);
    }
  }

  /**
   * Deliveries left queued without a job (the node died between the commit and the job, or the
   * queue could not be reached): queued again, unless they used every attempt already.
   */
  async function recover(now: Date): Promise<number> {
    if (!working) return 0;
    const before = new Date(now.getTime() - ORPHAN_AFTER_MS);
    const orphans = rowsOf<{
      notification_id: string;
      channel: Channel;
      attempts: number;
      user_id: string;
      type: string;
      created_at: string | Date;
    }>(
      await db.execute(sql`
        select d.notification_id, d.channel, d.attempts, n.user_id, n.type, n.created_at
        from notification_deliveries d
        join notifications n on n.id = d.notification_id
        where d.status = 'queued'
          and (case when d.due_at is null
                 then d.created_at < now() - make_interval(secs => ${ORPHAN_AFTER_MS / 1000})
                 else d.due_at < ${iso(before)}::timestamptz end)
          and not exists (
            select 1 from ${sql.raw(QUEUE_SCHEMA)}.job j
            where j.name = ${DELIVER_QUEUE} and j.state < 'completed'
              and j.data->>'channel' = d.channel
              and j.data->'ids' ? d.notification_id::text)
        order by n.created_at
        limit 500`),
    );
    const spent = orphans.filter((o) => o.attempts > jobs.retryLimit);
    for (const o of spent) {
      await settle(o.channel, [o.notification_id], {
        status: 'failed',
        error: `gave up after ${o.attempts} attempts`,
      });
    }
    const retry = orphans.filter((o) => o.attempts <= jobs.retryLimit);
    const digest = retry.filter((o) => o.channel === 'email' && isChatType(o.type));
    for (const o of retry.filter((r) => !digest.includes(r))) {
      await send(
        { channel: o.channel, ids: [o.notification_id] },
        `${o.notification_id}:${o.channel}`,
      );
    }
    await sendDigests(digest);
    if (orphans.length > 0) {
      log.info(
        { requeued: retry.length, failed: spent.length },
        'notification deliveries recovered',
      );
    }
    return orphans.length;
  }

  return {
    /** After the notification's transaction committed: send this delivery now. */
    async enqueue(notificationId: string, channel: Channel): Promise<void> {
      await send({ channel, ids: [notificationId] }, `${notificationId}:${channel}`);
    },
    releaseDue,
    recover,
    /** Starts this node's workers (after the queue started). */
    async start() {
      await queue.work<DeliveryJob>(DELIVER_QUEUE, handle, { concurrency: CONCURRENCY });
      working = true;
    },
    /** Stops releasing and sweeping (the queue stops on its own). */
    stop() {
      working = false;
    },
  };
}
export type Delivery = ReturnType<typeof createDelivery>;

/** The periodic jobs: release what is due (every 5 s) and re-queue lost deliveries. */
export function registerJobs(ctx: Pick<ModuleContext, 'jobs' | 'clock'>, delivery: Delivery) {
  ctx.jobs.every({
    name: 'notification-release',
    everyMs: RELEASE_EVERY_MS,
    scope: 'cluster',
    run: () => delivery.releaseDue(ctx.clock.now()),
  });
  ctx.jobs.every({
    name: 'notification-recovery',
    everyMs: RECOVERY_EVERY_MS,
    scope: 'cluster',
    run: () => delivery.recover(ctx.clock.now()),
  });
}

/**
 * Everything delivery needs, wired into the app: the queue over the app's database, the mailer,
 * Web Push, the worker and periodic jobs, the unsubscribe routes, and start and stop with the
 * app (the queue stops at `preClose`, before the database closes). Returns what the
 * notifications service calls after a commit (`enqueue`).
 */
export async function registerDelivery(app: App, ctx: ModuleContext): Promise<Delivery> {
  const queue = createQueue({ database: ctx.database, log: ctx.log, config: ctx.config });
  const mailer = createMailer(ctx.config, ctx.log);
  const delivery = createDelivery(ctx, {
    queue,
    mailer,
    push: createPushSender(ctx.config),
    catalogue: { emailFor, digestEmailFor, pushFor },
  });
  registerJobs(ctx, delivery);
  app.addHook('onReady', async () => {
    await queue.start();
    await delivery.start();
  });
  app.addHook('preClose', async () => {
    delivery.stop();
    await queue.stop();
    mailer.close();
  });
  await app.register(unsubscribeRoutes, {
    prefix: `${apiPrefix}/notifications`,
    unsubscribe: createUnsubscriber({
      db: ctx.db,
      clock: ctx.clock,
      secret: ctx.config.jwtSecret,
    }),
  });
  return delivery;
}
