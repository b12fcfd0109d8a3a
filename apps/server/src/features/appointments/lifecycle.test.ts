/**
 * A booked session over time, with the app's clock moved by the test: who hears of a booking, a
 * move and a cancellation (in the app and by e-mail through a real SMTP server, with the
 * calendar file attached), reminders 24 hours and 15 minutes before (each once), closing a
 * session, the chat's window, and what a block or a ban does to sessions still to come.
 */
import { type Appointment, type Notification, appointmentResponseSchema } from '@kindred/protocol';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { book, bookableListener } from '../../../test/bookings';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { type ReceivedMail, useMailServer } from '../../../test/mail-server';
import { ManualClock } from '../../lib/clock';

const HOUR = 3600_000;
const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
const mail = useMailServer();
const t = useTestApp(() => ({
  clock,
  env: {
    SMTP_URL: mail.url,
    PUBLIC_URL: 'https://kindred.test',
    NOTIFY_RETRY_DELAY_SECONDS: '1',
    // Reminders are sent when the test says (app.sendDueReminders), on the test's clock.
    APPOINTMENT_REMINDER_CHECK_SECONDS: '0',
    STALE_CHECK_INTERVAL_SECONDS: '0',
    SWEEP_INTERVAL_SECONDS: '0',
  },
}));
const { api } = t;

/** 10:00 UTC (10:00 in London until the end of March) `days` days after the clock's today. */
const dayAhead = (days: number, time = '10:00') =>
  `${new Date(clock.now().getTime() + days * 24 * HOUR).toISOString().slice(0, 10)}T${time}:00Z`;

/** Moves the clock forward to `iso` and signs these people in again (tokens last 15 minutes). */
async function moveTo(iso: string, ...people: SignedInUser[]) {
  clock.advance(Date.parse(iso) - clock.now().getTime());
  await signInAgain(t.app, ...people);
}

async function notificationsOf(user: SignedInUser, type: Notification['type']) {
  const list = (await api(user, 'GET', '/notifications?limit=100')).json().notifications;
  return (list as Notification[]).filter((n) => n.type === type);
}
/** Waits until the user has `count` notifications of the type (they are made after commit). */
async function expectNotifications(user: SignedInUser, type: Notification['type'], count: number) {
  await expect.poll(async () => (await notificationsOf(user, type)).length).toBe(count);
  return notificationsOf(user, type);
}

function calendarIn(message: ReceivedMail) {
  const attachment = message.parsed.attachments.find((a) => a.filename === 'kindred-session.ics');
  expect(attachment, 'the calendar file is attached').toBeDefined();
  expect(attachment!.contentType).toBe('text/calendar');
  const text = attachment!.content.toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    text,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
  };
}
const mailTo = (user: SignedInUser, subject: string) => (m: ReceivedMail) =>
  m.to.includes(user.email) && m.subject === subject;

describe('telling the other side', () => {
  it('a booking, a move and a cancellation reach the other member in the app and by e-mail, with the calendar file', async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const appointment = await book(t.app, sharer, listener, dayAhead(2));

    const [booked] = await expectNotifications(listener, 'appointment_booked', 1);
    expect(booked).toMatchObject({
      title: 'New session booked',
      body: `${sharer.pseudonym} booked a session with you.`,
      link: `/appointments/${appointment.id}`,
      appointment_id: appointment.id,
    });
    expect(await notificationsOf(sharer, 'appointment_booked')).toEqual([]);
    const [invitation] = await mail.waitFor(mailTo(listener, 'A session was booked on Kindred'));
    const first = calendarIn(invitation!);
    expect(first).toMatchObject({ method: 'PUBLISH', sequence: 0, start: appointment.start });
    // Discreet: neither the e-mail nor its calendar file names anyone or says what it is about.
    for (const text of [invitation!.text, invitation!.html, first.text]) {
      expect(text).not.toContain(sharer.pseudonym);
      expect(text).not.toContain(listener.pseudonym);
      expect(text).not.toContain(appointment.topic);
    }

    const moved = await api(sharer, 'POST', `/appointments/${appointment.id}/reschedule`, {
      start: dayAhead(2, '12:00'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await expectNotifications(listener, 'appointment_rescheduled', 1);
    const [update] = await mail.waitFor(mailTo(listener, 'A session was moved on Kindred'));
    expect(calendarIn(update!)).toMatchObject({
      method: 'PUBLISH',
      uid: first.uid,
      sequence: 1,
      start: dayAhead(2, '12:00').replace('Z', '.000Z'),
    });

    await api(listener, 'DELETE', `/appointments/${appointment.id}`, { reason: 'Unwell' });
    const [cancelled] = await expectNotifications(sharer, 'appointment_cancelled', 1);
    expect(cancelled!.body).toBe(`${listener.pseudonym} cancelled your session.`);
    const [cancellation] = await mail.waitFor(mailTo(sharer, 'A session was cancelled on Kindred'));
    expect(calendarIn(cancellation!)).toMatchObject({
      method: 'CANCEL',
      status: 'CANCELLED',
      uid: first.uid,
      sequence: 2,
    });
    expect(await notificationsOf(listener, 'appointment_cancelled')).toEqual([]);
  });
});

describe('reminders', () => {
  it('fire once each, 24 hours and 15 minutes before, on the injected clock', async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const start = dayAhead(2);
    const appointment = await book(t.app, sharer, listener, start);
    const startMs = Date.parse(start);

    await moveTo(new Date(startMs - 24 * HOUR - 60_000).toISOString(), sharer, listener);
    await t.app.sendDueReminders();
    expect(await notificationsOf(sharer, 'appointment_reminder')).toEqual([]);

    await moveTo(new Date(startMs - 24 * HOUR).toISOString(), sharer, listener);
    // Several runs at once (as several nodes would): the reminder goes once.
    const claimed = await Promise.all([1, 2, 3, 4].map(() => t.app.sendDueReminders()));
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(1);
    for (const user of [sharer, listener]) {
      const [reminder] = await expectNotifications(user, 'appointment_reminder', 1);
      expect(reminder).toMatchObject({
        body: 'Your session starts in 24 hours.',
        appointment_id: appointment.id,
      });
    }
    await moveTo(new Date(startMs - 2 * HOUR).toISOString(), sharer, listener);
    expect(await t.app.sendDueReminders()).toBe(0);

    await moveTo(new Date(startMs - 15 * 60_000).toISOString(), sharer, listener);
    expect(
      (await Promise.all([1, 2, 3].map(() => t.app.sendDueReminders()))).reduce((a, b) => a + b),
    ).toBe(1);
    for (const user of [sharer, listener]) {
      const reminders = await expectNotifications(user, 'appointment_reminder', 2);
      expect(reminders.map((r) => r.body)).toContain('Your session starts in 15 minutes.');
    }
    await moveTo(new Date(startMs + 5 * 60_000).toISOString(), sharer, listener);
    expect(await t.app.sendDueReminders()).toBe(0);

    // And by e-mail, twice each, never more.
    for (const user of [sharer, listener]) {
      await mail.waitFor(mailTo(user, 'Your Kindred session starts soon'), { count: 2 });
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const user of [sharer, listener]) {
      expect(mail.messages.filter(mailTo(user, 'Your Kindred session starts soon'))).toHaveLength(
        2,
      );
    }
  });

  it('a move plans them again for the new time; a cancellation drops them', async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const moving = await book(t.app, sharer, listener, dayAhead(2));
    const dropped = await book(t.app, sharer, listener, dayAhead(2, '14:00'));
    await moveTo(new Date(Date.parse(moving.start) - 24 * HOUR).toISOString(), sharer, listener);
    expect(await t.app.sendDueReminders()).toBe(1);
    await api(sharer, 'DELETE', `/appointments/${dropped.id}`);
    const later = dayAhead(3);
    const moved = await api(listener, 'POST', `/appointments/${moving.id}/reschedule`, {
      start: later,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await moveTo(new Date(Date.parse(dropped.start) - 24 * HOUR).toISOString(), sharer, listener);
    expect(await t.app.sendDueReminders()).toBe(0);
    await moveTo(new Date(Date.parse(later) - 24 * HOUR).toISOString(), sharer, listener);
    expect(await t.app.sendDueReminders()).toBe(1);
    await expectNotifications(sharer, 'appointment_reminder', 2);
  });
});

describe('after the start', () => {
  it('the listener marks it held; the chat stays open until 24 hours after the end', async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const appointment = await book(t.app, sharer, listener, dayAhead(1));
    const send = (user: SignedInUser, content: string) =>
      api(user, 'POST', `/conversations/${appointment.conversation_id}/messages`, { content });

    await moveTo(
      new Date(Date.parse(appointment.start) + 5 * 60_000).toISOString(),
      sharer,
      listener,
    );
    expectCode(
      await api(sharer, 'DELETE', `/appointments/${appointment.id}`),
      409,
      'APPOINTMENT_CLOSED',
    );
    const held = await api(listener, 'POST', `/appointments/${appointment.id}/complete`);
    expect(held.statusCode, held.body).toBe(200);
    const closed: Appointment = appointmentResponseSchema.parse(held.json()).appointment;
    expect(closed.status).toBe('completed');
    expect(closed.history.map((h) => [h.action, h.by?.id])).toEqual([
      ['booked', sharer.id],
      ['completed', listener.id],
    ]);
    expectCode(
      await api(listener, 'POST', `/appointments/${appointment.id}/complete`, {
        outcome: 'no_show',
      }),
      409,
      'APPOINTMENT_CLOSED',
    );

    await moveTo(new Date(Date.parse(appointment.end) + 23 * HOUR).toISOString(), sharer, listener);
    expect((await send(sharer, 'Thank you for yesterday')).statusCode).toBe(201);
    await moveTo(appointment.chat_open_until, sharer, listener);
    expectCode(await send(listener, 'You are welcome'), 409, 'CONVERSATION_ENDED');
    // Still readable by both.
    expect(
      (await api(listener, 'GET', `/chat/sessions/${appointment.conversation_id}/messages`))
        .statusCode,
    ).toBe(200);
  });

  it('a sharer who does not come is recorded as a no-show', async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const appointment = await book(t.app, sharer, listener, dayAhead(1));
    await moveTo(
      new Date(Date.parse(appointment.start) + 20 * 60_000).toISOString(),
      sharer,
      listener,
    );
    const missed = await api(listener, 'POST', `/appointments/${appointment.id}/complete`, {
      outcome: 'no_show',
    });
    expect(appointmentResponseSchema.parse(missed.json()).appointment.status).toBe('no_show');
    expect(
      (await api(sharer, 'GET', '/appointments?status=no_show')).json().appointments,
    ).toHaveLength(1);
  });
});

describe('blocks and bans', () => {
  it('a block cancels the pair’s upcoming sessions, tells both, and closes their chat', async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const appointment = await book(t.app, sharer, listener, dayAhead(2));
    const other = await book(t.app, await signUp(t.app), listener, dayAhead(2, '12:00'));
    const blocked = await api(sharer, 'POST', `/users/${listener.id}/block`, {});
    expect(blocked.statusCode, blocked.body).toBe(200);
    const after = appointmentResponseSchema.parse(
      (await api(listener, 'GET', `/appointments/${appointment.id}`)).json(),
    ).appointment;
    expect(after).toMatchObject({ status: 'cancelled', cancelled_by: null, late_cancel: false });
    expect(after.history.at(-1)).toMatchObject({ action: 'cancelled', by: null });
    for (const user of [sharer, listener]) {
      const [note] = await expectNotifications(user, 'appointment_cancelled', 1);
      expect(note!.body).toBe('Your session was cancelled.');
    }
    expectCode(
      await api(listener, 'POST', `/conversations/${appointment.conversation_id}/messages`, {
        content: 'Hello?',
      }),
      403,
      'USER_BLOCKED',
    );
    // Someone else's session with the listener is untouched.
    const untouched = (await api(listener, 'GET', `/appointments/${other.id}`)).json().appointment;
    expect(untouched.status).toBe('scheduled');
  });

  it("a ban cancels the banned person's upcoming sessions", async () => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const admin = await signUp(t.app, { isAdmin: true });
    const appointment = await book(t.app, sharer, listener, dayAhead(2));
    const ban = await api(admin, 'PATCH', `/admin/users/${listener.id}/ban`, {
      is_active: false,
      reason: 'Harassment',
    });
    expect(ban.statusCode, ban.body).toBe(200);
    const seen = (await api(sharer, 'GET', `/appointments/${appointment.id}`)).json().appointment;
    expect(seen.status).toBe('cancelled');
    await expectNotifications(sharer, 'appointment_cancelled', 1);
  });
});
