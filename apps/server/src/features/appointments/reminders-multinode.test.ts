/**
 * Reminders with two nodes on one PostgreSQL database and Redis, both on the same injected
 * clock: however the two race (their periodic jobs, or many runs at once), each reminder is
 * claimed by one node and reaches each member once. PostgreSQL only (the embedded database is
 * one process).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Appointment, Notification } from '@kindred/protocol';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, testDatabase } from '../../../test/app';
import { book, bookableListener } from '../../../test/bookings';
import { callApi, type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { buildApp, type KindredApp } from '../../app';
import { loadConfig } from '../../config';
import { appointmentReminders, notifications } from '../../db/schema';
import { ManualClock } from '../../lib/clock';

const HOUR = 3600_000;

describe.runIf(testDatabase === 'postgres')('appointment reminders on two nodes', () => {
  const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
  let fresh: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
  const nodes: KindredApp[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    fresh = await freshPostgresDatabase();
    const shared = {
      NODE_ENV: 'test',
      DATABASE_URL: fresh.url,
      REDIS_URL: process.env.TEST_REDIS_URL,
      REDIS_PREFIX: `kindred-reminders:${randomBytes(6).toString('hex')}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_AUTH_PER_MIN: '10000',
      RATE_LIMIT_API_PER_MIN: '10000',
      // Both nodes look for due reminders every second, on the shared test clock.
      APPOINTMENT_REMINDER_CHECK_SECONDS: '1',
      STALE_CHECK_INTERVAL_SECONDS: '0',
    };
    for (let i = 0; i < 2; i++) {
      const dir = await mkdtemp(path.join(tmpdir(), 'kindred-node-'));
      dirs.push(dir);
      const app = await buildApp(loadConfig({ ...shared, DATA_DIR: dir }), { clock });
      await app.ready();
      nodes.push(app);
    }
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes) await node.close();
    await fresh?.drop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const remindersOf = async (node: KindredApp, user: SignedInUser) =>
    (
      (await callApi(node, user, 'GET', '/notifications?limit=100')).json()
        .notifications as Notification[]
    ).filter((n) => n.type === 'appointment_reminder');

  it('each reminder is claimed once and reaches each member once', async () => {
    const [a, b] = nodes as [KindredApp, KindredApp];
    const listener = await bookableListener(a);
    const sharers = [await signUp(b), await signUp(b), await signUp(a)];
    const starts = ['2026-03-17T10:00:00Z', '2026-03-17T12:00:00Z', '2026-03-17T14:00:00Z'];
    const booked: Appointment[] = [];
    for (const [i, sharer] of sharers.entries()) {
      booked.push(await book(i % 2 ? a : b, sharer, listener, starts[i]!));
    }

    // 24 hours before the first: many runs on both nodes at once claim it once.
    clock.advance(Date.parse(starts[0]!) - 24 * HOUR - clock.now().getTime());
    const first = await Promise.all(
      Array.from({ length: 8 }, (_, i) => nodes[i % 2]!.sendDueReminders()),
    );
    expect(first.reduce((x, y) => x + y, 0)).toBe(1);

    // Then the periodic jobs of both nodes (every second) share the rest, as time goes by.
    const sent = async () =>
      (
        await a.database.db
          .select()
          .from(appointmentReminders)
          .where(isNotNull(appointmentReminders.sentAt))
      ).length;
    for (const [i, start] of starts.entries()) {
      // Ten minutes before each start: the 15-minute reminder (and every 24-hour one) is due.
      clock.advance(Date.parse(start) - 10 * 60_000 - clock.now().getTime());
      await expect.poll(sent, { timeout: 10_000 }).toBe(4 + i);
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(
      (await Promise.all(nodes.map((node) => node.sendDueReminders()))).reduce((x, y) => x + y),
    ).toBe(0);

    await signInAgain(a, listener, ...sharers);
    for (const [i, sharer] of sharers.entries()) {
      const mine = await remindersOf(b, sharer);
      expect(mine.map((n) => n.body).sort()).toEqual([
        'Your session starts in 15 minutes.',
        'Your session starts in 24 hours.',
      ]);
      expect(mine.every((n) => n.appointment_id === booked[i]!.id)).toBe(true);
    }
    expect(await remindersOf(a, listener)).toHaveLength(6);
    // In the database too: one notification per member and reminder, nothing twice.
    const rows = await a.database.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.type, 'appointment_reminder')));
    expect(rows).toHaveLength(12);
  });
});
