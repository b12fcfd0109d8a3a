import { randomUUID } from 'node:crypto';
import { type Appointment, appointmentResponseSchema } from '@kindred/protocol';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { book, bookableListener } from '../../../test/bookings';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { setUser, storeBlock } from '../../../test/rows';
import { ManualClock } from '../../lib/clock';

// Monday 16 March 2026, 08:00 UTC (London is on GMT: local times are UTC times).
const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
const t = useTestApp({
  clock,
  env: {
    APPOINTMENT_REMINDER_CHECK_SECONDS: '0',
    STALE_CHECK_INTERVAL_SECONDS: '0',
    PUBLIC_URL: 'https://kindred.test',
  },
});
const { api } = t;

/** A bookable listener and a sharer who may book them. */
async function pair() {
  return { listener: await bookableListener(t.app), sharer: await signUp(t.app) };
}
const appointmentOf = (response: { json(): unknown }) =>
  appointmentResponseSchema.parse(response.json()).appointment;
const bookingBody = (listener: SignedInUser, start: string, duration = 50) => ({
  listener_id: listener.id,
  start,
  duration_minutes: duration,
  topic: 'Work has been a lot lately',
});

/** The calendar file as a calendar application reads it. */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    summary: event.getFirstPropertyValue('summary'),
    description: String(event.getFirstPropertyValue('description')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
  };
}

describe('POST /appointments', () => {
  it('books a free slot: both see it, with its chat and its history', async () => {
    const { listener, sharer } = await pair();
    const response = await api(sharer, 'POST', '/appointments', {
      ...bookingBody(listener, '2026-03-17T10:00:00+00:00'),
      note: 'I would prefer to talk about my manager',
    });
    expect(response.statusCode, response.body).toBe(201);
    const appointment = appointmentOf(response);
    expect(appointment).toMatchObject({
      status: 'scheduled',
      start: '2026-03-17T10:00:00.000Z',
      end: '2026-03-17T10:50:00.000Z',
      duration_minutes: 50,
      topic: 'Work has been a lot lately',
      note: 'I would prefer to talk about my manager',
      sharer: { id: sharer.id, pseudonym: sharer.pseudonym },
      listener: { id: listener.id, pseudonym: listener.pseudonym },
      my_role: 'sharer',
      listener_time_zone: 'Europe/London',
      chat_open_until: '2026-03-18T10:50:00.000Z',
      video_available_from: '2026-03-17T09:50:00.000Z',
      cancelled_by: null,
      late_cancel: false,
      sequence: 0,
      history: [
        {
          action: 'booked',
          by: { id: sharer.id, pseudonym: sharer.pseudonym },
          at: '2026-03-16T08:00:00.000Z',
          start: '2026-03-17T10:00:00.000Z',
          previous_start: null,
          reason: null,
        },
      ],
    });
    const seen = appointmentOf(await api(listener, 'GET', `/appointments/${appointment.id}`));
    expect(seen).toEqual({ ...appointment, my_role: 'listener' });
    const mine = (await api(listener, 'GET', '/appointments')).json().appointments;
    expect(mine.map((a: Appointment) => a.id)).toEqual([appointment.id]);
    // The chat beside the call is open to both, through the one pipeline.
    const sent = await api(
      sharer,
      'POST',
      `/conversations/${appointment.conversation_id}/messages`,
      {
        content: 'Looking forward to it',
        client_msg_id: randomUUID(),
      },
    );
    expect(sent.statusCode, sent.body).toBe(201);
    const history = await api(
      listener,
      'GET',
      `/chat/sessions/${appointment.conversation_id}/messages`,
    );
    expect(history.statusCode).toBe(200);
    expect(JSON.stringify(history.json())).toContain('Looking forward to it');
    // The slot is gone for everyone else.
    const other = await signUp(t.app);
    const slots = (
      await api(
        other,
        'GET',
        `/listeners/${listener.id}/slots?from=2026-03-17T00:00:00Z&to=2026-03-18T00:00:00Z&duration=50`,
      )
    ).json().slots;
    expect(slots.map((s: { start: string }) => s.start.slice(11, 16))).not.toContain('10:00');
  });

  it.each([
    [
      'outside availability (before the day starts)',
      '2026-03-17T07:00:00Z',
      50,
      'outside the listener',
    ],
    ['off the slot grid', '2026-03-17T10:15:00Z', 50, 'outside the listener'],
    ['running past the end of the day', '2026-03-17T16:30:00Z', 50, 'outside the listener'],
    ['inside the minimum notice', '2026-03-16T09:00:00Z', 50, 'at least 2 hours ahead'],
    ['in the past', '2026-03-15T10:00:00Z', 50, 'already passed'],
    ['beyond the horizon', '2026-04-02T10:00:00Z', 50, 'up to 14 days ahead'],
    [
      'a length the listener does not offer',
      '2026-03-17T10:00:00Z',
      45,
      'sessions of 30 or 50 minutes',
    ],
  ])('refuses a time %s (400 SLOT_UNAVAILABLE)', async (_name, start, duration, says) => {
    const { listener, sharer } = await pair();
    const response = await api(
      sharer,
      'POST',
      '/appointments',
      bookingBody(listener, start, duration),
    );
    expectCode(response, 400, 'SLOT_UNAVAILABLE');
    expect(response.json().error).toContain(says);
    expect((await api(sharer, 'GET', '/appointments')).json().appointments).toEqual([]);
  });

  it('refuses a slot someone else took (409 SLOT_TAKEN), and one inside its buffer', async () => {
    const { listener, sharer } = await pair();
    await book(t.app, sharer, listener, '2026-03-17T11:00:00Z');
    const second = await signUp(t.app);
    expectCode(
      await api(second, 'POST', '/appointments', bookingBody(listener, '2026-03-17T11:00:00Z')),
      409,
      'SLOT_TAKEN',
    );
    // A 30-minute slot at 11:40 overlaps it too.
    expectCode(
      await api(second, 'POST', '/appointments', bookingBody(listener, '2026-03-17T11:40:00Z', 30)),
      409,
      'SLOT_TAKEN',
    );
  });

  it("refuses a time overlapping the sharer's own session (409 APPOINTMENT_CONFLICT)", async () => {
    const sharer = await signUp(t.app);
    const first = await bookableListener(t.app);
    const second = await bookableListener(t.app);
    await book(t.app, sharer, first, '2026-03-18T12:00:00Z');
    const response = await api(
      sharer,
      'POST',
      '/appointments',
      bookingBody(second, '2026-03-18T12:20:00Z', 30),
    );
    expectCode(response, 409, 'APPOINTMENT_CONFLICT');
  });

  it('refuses a blocked pair, an unapproved listener and one not taking bookings', async () => {
    const { listener, sharer } = await pair();
    await storeBlock(t.app, sharer.id, listener.id);
    expectCode(
      await api(sharer, 'POST', '/appointments', bookingBody(listener, '2026-03-17T10:00:00Z')),
      403,
      'USER_BLOCKED',
    );
    const pending = await bookableListener(
      t.app,
      {},
      await signUp(t.app, { roles: ['listener'], listenerStatus: 'pending' }),
    );
    expectCode(
      await api(sharer, 'POST', '/appointments', bookingBody(pending, '2026-03-17T10:00:00Z')),
      403,
      'BOOKING_NOT_ALLOWED',
    );
    const suspended = await bookableListener(t.app);
    await setUser(t.app, suspended.id, { listenerStatus: 'suspended' });
    expectCode(
      await api(sharer, 'POST', '/appointments', bookingBody(suspended, '2026-03-17T10:00:00Z')),
      403,
      'BOOKING_NOT_ALLOWED',
    );
    const closed = await bookableListener(t.app, { accepts_bookings: false });
    expectCode(
      await api(sharer, 'POST', '/appointments', bookingBody(closed, '2026-03-17T10:00:00Z')),
      403,
      'BOOKING_NOT_ALLOWED',
    );
    const partnersOnly = await bookableListener(t.app, { bookings_from: 'partners' });
    expectCode(
      await api(sharer, 'POST', '/appointments', bookingBody(partnersOnly, '2026-03-17T10:00:00Z')),
      403,
      'BOOKING_NOT_ALLOWED',
    );
    expectCode(
      await api(
        partnersOnly,
        'POST',
        '/appointments',
        bookingBody(partnersOnly, '2026-03-17T10:00:00Z'),
      ),
      403,
      'BOOKING_NOT_ALLOWED',
    );
  });

  it.each([
    ['a listener id that is not a UUID', { listener_id: 'abc' }, 'listener_id'],
    ['a start without a time zone offset', { start: '2026-03-17T10:00:00' }, 'start'],
    ['an empty topic', { topic: '  ' }, 'topic'],
    ['an unknown field', { price: 10 }, ''],
  ])('refuses %s (400)', async (_name, change, path) => {
    const { listener, sharer } = await pair();
    const response = await api(sharer, 'POST', '/appointments', {
      ...bookingBody(listener, '2026-03-17T10:00:00Z'),
      ...change,
    });
    expectCode(response, 400, 'VALIDATION_ERROR');
    if (path) expect(response.json().details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses contact details in the topic, the note or a reason, as in a message (422)', async () => {
    const { listener, sharer } = await pair();
    const withNumber = await api(sharer, 'POST', '/appointments', {
      ...bookingBody(listener, '2026-03-17T10:00:00Z'),
      note: 'Call me on 07700 900123 instead',
    });
    expectCode(withNumber, 422, 'MESSAGE_BLOCKED');
    const appointment = await book(t.app, sharer, listener, '2026-03-17T10:00:00Z');
    expectCode(
      await api(listener, 'PUT', `/appointments/${appointment.id}`, {
        topic: 'Write to me at kind.fern@example.org',
      }),
      422,
      'MESSAGE_BLOCKED',
    );
    expectCode(
      await api(listener, 'DELETE', `/appointments/${appointment.id}`, {
        reason: 'Add me on instagram @kind_fern',
      }),
      422,
      'MESSAGE_BLOCKED',
    );
    const still = appointmentOf(await api(sharer, 'GET', `/appointments/${appointment.id}`));
    expect(still).toMatchObject({ status: 'scheduled', topic: 'Feeling low after work' });
  });

  it('answers 404 for a listener who does not exist', async () => {
    const sharer = await signUp(t.app);
    expectCode(
      await api(sharer, 'POST', '/appointments', {
        ...bookingBody(sharer, '2026-03-17T10:00:00Z'),
        listener_id: randomUUID(),
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('a daily cap closes the day once reached', async () => {
    const listener = await bookableListener(t.app, { daily_cap: 1 });
    await book(t.app, await signUp(t.app), listener, '2026-03-19T10:00:00Z');
    const response = await api(
      await signUp(t.app),
      'POST',
      '/appointments',
      bookingBody(listener, '2026-03-19T14:00:00Z'),
    );
    expectCode(response, 400, 'SLOT_UNAVAILABLE');
    expect(response.json().error).toContain('fully booked');
  });
});

describe('one appointment: read, change, move, cancel', () => {
  it('strangers get 404 for every path, a malformed id 400', async () => {
    const { listener, sharer } = await pair();
    const appointment = await book(t.app, sharer, listener, '2026-03-18T09:00:00Z');
    const stranger = await signUp(t.app);
    const admin = await signUp(t.app, { isAdmin: true });
    for (const who of [stranger, admin]) {
      for (const [method, path, body] of [
        ['GET', '', undefined],
        ['PUT', '', { topic: 'Mine now' }],
        ['DELETE', '', { reason: 'no' }],
        ['POST', '/reschedule', { start: '2026-03-18T10:00:00Z' }],
        ['POST', '/complete', {}],
        ['GET', '/calendar.ics', undefined],
      ] as const) {
        const response = await api(who, method, `/appointments/${appointment.id}${path}`, body);
        expectCode(response, 404, 'NOT_FOUND');
      }
      expectCode(
        await api(who, 'POST', `/conversations/${appointment.conversation_id}/messages`, {
          content: 'Hello?',
        }),
        404,
        'CONVERSATION_NOT_FOUND',
      );
    }
    expectCode(await api(sharer, 'GET', '/appointments/42'), 400, 'VALIDATION_ERROR');
    expectCode(await api(sharer, 'GET', '/appointments/42/calendar.ics'), 400, 'VALIDATION_ERROR');
    expect((await api(stranger, 'GET', '/appointments')).json().appointments).toEqual([]);
  });

  it('either member changes the topic and note; every change is in the history', async () => {
    const { listener, sharer } = await pair();
    const appointment = await book(t.app, sharer, listener, '2026-03-18T10:00:00Z');
    const changed = appointmentOf(
      await api(listener, 'PUT', `/appointments/${appointment.id}`, {
        topic: 'Sleep',
        note: null,
      }),
    );
    expect(changed).toMatchObject({ topic: 'Sleep', note: null, sequence: 0 });
    expect(changed.history.map((h) => [h.action, h.by?.id])).toEqual([
      ['booked', sharer.id],
      ['updated', listener.id],
    ]);
    expectCode(
      await api(sharer, 'PUT', `/appointments/${appointment.id}`, {}),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('reschedules atomically: the new time is taken, the old one freed, the calendar updated', async () => {
    const { listener, sharer } = await pair();
    const appointment = await book(t.app, sharer, listener, '2026-03-18T13:00:00Z');
    const calendarBefore = parseCalendar(
      (await api(sharer, 'GET', `/appointments/${appointment.id}/calendar.ics`)).body,
    );
    const moved = await api(sharer, 'POST', `/appointments/${appointment.id}/reschedule`, {
      start: '2026-03-19T15:00:00Z',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(appointmentOf(moved)).toMatchObject({
      start: '2026-03-19T15:00:00.000Z',
      end: '2026-03-19T15:50:00.000Z',
      sequence: 1,
      chat_open_until: '2026-03-20T15:50:00.000Z',
    });
    expect(appointmentOf(moved).history.at(-1)).toMatchObject({
      action: 'rescheduled',
      by: { id: sharer.id },
      start: '2026-03-19T15:00:00.000Z',
      previous_start: '2026-03-18T13:00:00.000Z',
    });
    // The old time can be booked by someone else now.
    await book(t.app, await signUp(t.app), listener, '2026-03-18T13:00:00Z');
    const calendar = await api(listener, 'GET', `/appointments/${appointment.id}/calendar.ics`);
    expect(calendar.headers['content-type']).toContain('text/calendar');
    const after = parseCalendar(calendar.body);
    expect(after).toMatchObject({
      method: 'PUBLISH',
      uid: calendarBefore.uid,
      sequence: calendarBefore.sequence + 1,
      status: 'CONFIRMED',
      summary: 'Kindred session',
      start: '2026-03-19T15:00:00.000Z',
      end: '2026-03-19T15:50:00.000Z',
    });
    expect(after.description).toContain(`https://kindred.test/appointments/${appointment.id}`);
    expect(calendar.body).not.toContain(sharer.pseudonym);
    expect(calendar.body).not.toContain(listener.pseudonym);
  });

  it('a reschedule into a taken slot changes nothing (409)', async () => {
    const { listener, sharer } = await pair();
    const mine = await book(t.app, sharer, listener, '2026-03-20T09:00:00Z');
    await book(t.app, await signUp(t.app), listener, '2026-03-20T11:00:00Z');
    expectCode(
      await api(sharer, 'POST', `/appointments/${mine.id}/reschedule`, {
        start: '2026-03-20T11:00:00Z',
      }),
      409,
      'SLOT_TAKEN',
    );
    expectCode(
      await api(sharer, 'POST', `/appointments/${mine.id}/reschedule`, {
        start: '2026-03-20T09:00:00Z',
      }),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(
      await api(sharer, 'POST', `/appointments/${mine.id}/reschedule`, {
        start: '2026-03-20T09:05:00Z',
      }),
      400,
      'SLOT_UNAVAILABLE',
    );
    const kept = appointmentOf(await api(sharer, 'GET', `/appointments/${mine.id}`));
    expect(kept).toMatchObject({ start: '2026-03-20T09:00:00.000Z', sequence: 0 });
    // Moving by a few minutes within its own time is fine: it does not stand in its own way.
    const longer = await api(listener, 'POST', `/appointments/${mine.id}/reschedule`, {
      start: '2026-03-20T09:00:00Z',
      duration_minutes: 30,
    });
    expect(appointmentOf(longer)).toMatchObject({ duration_minutes: 30, sequence: 1 });
  });

  it('cancels with a reason (late inside 24 hours); the calendar says CANCEL; nothing more can change', async () => {
    const { listener, sharer } = await pair();
    const early = await book(t.app, sharer, listener, '2026-03-25T10:00:00Z');
    const late = await book(t.app, sharer, listener, '2026-03-16T14:00:00Z');
    // The page can warn before: from this instant on a cancel counts as late.
    expect(late.late_cancel_from).toBe('2026-03-15T14:00:00.000Z');
    const cancelled = appointmentOf(
      await api(listener, 'DELETE', `/appointments/${late.id}`, { reason: 'I am unwell' }),
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelled_by: { id: listener.id, pseudonym: listener.pseudonym },
      cancel_reason: 'I am unwell',
      cancelled_at: '2026-03-16T08:00:00.000Z',
      late_cancel: true,
      sequence: 1,
    });
    expect(cancelled.history.at(-1)).toMatchObject({ action: 'cancelled', reason: 'I am unwell' });
    // Without a body at all: a cancel with no reason, not late (9 days ahead).
    const plain = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/appointments/${early.id}`,
      headers: sharer.headers,
    });
    expect(plain.statusCode, plain.body).toBe(200);
    expect(appointmentOf(plain)).toMatchObject({ late_cancel: false, cancel_reason: null });
    const ics = parseCalendar(
      (await api(sharer, 'GET', `/appointments/${late.id}/calendar.ics`)).body,
    );
    expect(ics).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 });
    for (const [method, path, body] of [
      ['DELETE', '', {}],
      ['POST', '/reschedule', { start: '2026-03-17T10:00:00Z' }],
      ['PUT', '', { topic: 'Again' }],
    ] as const) {
      expectCode(
        await api(sharer, method, `/appointments/${late.id}${path}`, body),
        409,
        'APPOINTMENT_CLOSED',
      );
    }
    expectCode(
      await api(listener, 'POST', `/appointments/${late.id}/complete`, {}),
      409,
      'APPOINTMENT_CLOSED',
    );
    // Its time is free again.
    await book(t.app, await signUp(t.app), listener, '2026-03-16T14:00:00Z');
  });

  it('only the listener closes a session, and not before it starts', async () => {
    const { listener, sharer } = await pair();
    const appointment = await book(t.app, sharer, listener, '2026-03-17T12:00:00Z');
    expectCode(
      await api(sharer, 'POST', `/appointments/${appointment.id}/complete`, {}),
      403,
      'FORBIDDEN',
    );
    expectCode(
      await api(listener, 'POST', `/appointments/${appointment.id}/complete`, {
        outcome: 'no_show',
      }),
      409,
      'APPOINTMENT_NOT_STARTED',
    );
    expectCode(
      await api(listener, 'POST', `/appointments/${appointment.id}/complete`, { outcome: 'late' }),
      400,
      'VALIDATION_ERROR',
    );
  });
});

describe('GET /appointments', () => {
  it('lists mine in start order with filters and a cursor', async () => {
    const { listener, sharer } = await pair();
    const starts = [
      '2026-03-21T09:00:00Z',
      '2026-03-21T10:00:00Z',
      '2026-03-21T11:00:00Z',
      '2026-03-22T09:00:00Z',
    ];
    const made = [];
    for (const start of starts) made.push(await book(t.app, sharer, listener, start));
    await api(sharer, 'DELETE', `/appointments/${made[1]!.id}`, { reason: 'Clash' });
    const ids = (response: { json(): { appointments: Appointment[] } }) =>
      response.json().appointments.map((a) => a.id);

    const first = await api(sharer, 'GET', '/appointments?limit=2');
    expect(ids(first)).toEqual([made[0]!.id, made[1]!.id]);
    const cursor = first.json().next_cursor as string;
    const second = await api(sharer, 'GET', `/appointments?limit=2&cursor=${cursor}`);
    expect(ids(second)).toEqual([made[2]!.id, made[3]!.id]);
    expect(second.json().next_cursor).toBeNull();

    expect(ids(await api(listener, 'GET', '/appointments?status=cancelled'))).toEqual([
      made[1]!.id,
    ]);
    expect(
      ids(
        await api(
          listener,
          'GET',
          '/appointments?from=2026-03-21T10:30:00Z&to=2026-03-22T00:00:00Z',
        ),
      ),
    ).toEqual([made[1]!.id, made[2]!.id]);
    expect(ids(await api(listener, 'GET', '/appointments?order=desc&status=scheduled'))).toEqual([
      made[3]!.id,
      made[2]!.id,
      made[0]!.id,
    ]);
    expectCode(await api(sharer, 'GET', '/appointments?cursor=bogus'), 400, 'VALIDATION_ERROR');
    expectCode(await api(sharer, 'GET', '/appointments?status=maybe'), 400, 'VALIDATION_ERROR');
    expectCode(
      await api(sharer, 'GET', '/appointments?from=2026-03-22T00:00:00Z&to=2026-03-21T00:00:00Z'),
      400,
      'VALIDATION_ERROR',
    );
  });
});
