/**
 * Booked sessions on two real nodes (child processes) sharing PostgreSQL and Redis: one slot
 * booked from both nodes at once is taken once, and each reminder reaches each member once by
 * e-mail (through a real SMTP server) while both nodes run the reminder job every second.
 * PostgreSQL only (the embedded database is one process).
 */
import type { Appointment } from '@kindred/protocol';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointmentReminders, notifications } from '../src/db/schema';
import { testDatabase } from './app';
import { setUser } from './rows';
import { useMailServer } from './mail-server';
import { type NodeProcess, callNode, signUpOn, useCluster } from './node-process';

interface User {
  id: string;
  email: string;
  token: string;
}

describe.runIf(testDatabase === 'postgres')('booked sessions on two nodes', () => {
  const mail = useMailServer();
  const cluster = useCluster(
    () => ({
      name: 'appointments',
      nodes: 2,
      env: {
        SMTP_URL: mail.url,
        PUBLIC_URL: 'http://kindred.test',
        LISTENER_APPROVAL: 'off',
        APPOINTMENT_REMINDER_CHECK_SECONDS: '1',
        NOTIFY_RETRY_DELAY_SECONDS: '1',
      },
    }),
    { start: 90_000, close: 30_000 },
  );

  /** E-mail notifications go to confirmed addresses only: these people confirmed theirs. */
  const verified = (id: string) => setUser(cluster, id, { emailVerifiedAt: new Date() });

  /** The top of the hour, `hours` hours after the next one, two days ahead. */
  const inTwoDays = (hours: number) => {
    const start = new Date(Date.now() + 2 * 24 * 3600_000);
    start.setUTCHours(start.getUTCHours() + 1 + hours, 0, 0, 0);
    return start.toISOString();
  };

  it('one slot booked from both nodes at once is taken once; reminders reach each member once', async () => {
    const [node1, node2] = cluster.nodes as [NodeProcess, NodeProcess];
    const listener = await signUpOn(node1, ['listener'], verified);
    const saved = await callNode(node1, 'PUT', '/listeners/me/availability', listener.token, {
      time_zone: 'UTC',
      accepts_bookings: true,
      bookings_from: 'anyone',
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      durations: [60],
      buffer_minutes: 0,
      min_notice_minutes: 0,
      horizon_days: 30,
    });
    expect(saved.status).toBe(200);

    const sharers: User[] = [];
    for (let i = 0; i < 10; i++)
      sharers.push(await signUpOn(i % 2 ? node1 : node2, ['sharer'], verified));
    const start = inTwoDays(0);
    const attempts = await Promise.all(
      sharers.map((sharer, i) =>
        callNode(i % 2 ? node1 : node2, 'POST', '/appointments', sharer.token, {
          listener_id: listener.id,
          start,
          duration_minutes: 60,
          topic: 'One hour',
        }),
      ),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const won = attempts.findIndex((a) => a.status === 201);
    const sharer = sharers[won]!;
    const appointment = attempts[won]!.body.appointment as Appointment;

    // The listener hears of it by e-mail, once, with the calendar file.
    const [booked] = await mail.waitFor(
      (m) => m.to.includes(listener.email) && m.subject === 'A session was booked on Kindred',
    );
    expect(booked!.parsed.attachments.map((a) => a.filename)).toEqual(['kindred-session.ics']);

    // Time passes: both reminders (24 hours and 15 minutes before) fall due at once, and both
    // nodes look for due reminders every second.
    const db = cluster.database.db;
    await db
      .update(appointmentReminders)
      .set({ dueAt: sql`now()` })
      .where(eq(appointmentReminders.appointmentId, appointment.id));
    for (const user of [sharer, listener]) {
      await mail.waitFor(
        (m) => m.to.includes(user.email) && m.subject === 'Your Kindred session starts soon',
        { count: 2, timeoutMs: 20_000 },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const user of [sharer, listener]) {
      expect(
        mail.messages.filter(
          (m) => m.to.includes(user.email) && m.subject === 'Your Kindred session starts soon',
        ),
      ).toHaveLength(2);
    }
    const stored = await db
      .select({ userId: notifications.userId, body: notifications.body })
      .from(notifications)
      .where(eq(notifications.appointmentId, appointment.id));
    expect(stored.filter((n) => n.body.startsWith('Your session starts in')).length).toBe(4);
  }, 90_000);
});
