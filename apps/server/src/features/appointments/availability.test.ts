import {
  bookingAvailabilitySchema,
  type SlotsResponse,
  slotsResponseSchema,
} from '@kindred/protocol';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { bookableListener, everyDay, londonDays } from '../../../test/bookings';
import { expectCode } from '../../../test/expect';
import { signUp } from '../../../test/factories';
import { setUser, storeBlock } from '../../../test/rows';
import { listeningChat } from '../../../test/scenarios';
import { ManualClock } from '../../lib/clock';

// Monday 16 March 2026, 08:00 UTC: New York is already on summer time, London is not yet.
const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
const t = useTestApp({
  clock,
  env: { APPOINTMENT_REMINDER_CHECK_SECONDS: '0', STALE_CHECK_INTERVAL_SECONDS: '0' },
});
const { api } = t;

const slotsOf = async (
  viewer: Parameters<typeof api>[0],
  listenerId: string,
  query: string,
): Promise<SlotsResponse> => {
  const response = await api(viewer, 'GET', `/listeners/${listenerId}/slots?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return slotsResponseSchema.parse(response.json());
};
const day = (date: string, zone = 'UTC') => {
  const start = DateTime.fromISO(date, { zone });
  return `from=${encodeURIComponent(start.toISO()!)}&to=${encodeURIComponent(start.plus({ days: 1 }).toISO()!)}`;
};

describe('GET and PUT /listeners/me/availability', () => {
  it('a listener starts from defaults, saves the week and reads it back', async () => {
    const listener = await signUp(t.app, { roles: ['listener'] });
    const fresh = await api(listener, 'GET', '/listeners/me/availability');
    expect(fresh.statusCode).toBe(200);
    expect(bookingAvailabilitySchema.parse(fresh.json())).toMatchObject({
      saved: false,
      bookable: false,
      accepts_bookings: false,
      rules: [],
    });
    const saved = await api(listener, 'PUT', '/listeners/me/availability', {
      ...londonDays,
      rules: [
        { weekday: 2, start: '18:00', end: '20:00' },
        { weekday: 2, start: '09:00', end: '10:30' },
      ],
      time_off: [{ start: '2026-03-20T00:00:00+01:00', end: '2026-03-22T00:00:00Z' }],
      durations: [50, 30],
      daily_cap: 3,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const read = (await api(listener, 'GET', '/listeners/me/availability')).json();
    expect(read).toEqual({
      ...londonDays,
      rules: [
        { weekday: 2, start: '09:00', end: '10:30' },
        { weekday: 2, start: '18:00', end: '20:00' },
      ],
      time_off: [{ start: '2026-03-19T23:00:00.000Z', end: '2026-03-22T00:00:00.000Z' }],
      durations: [30, 50],
      daily_cap: 3,
      saved: true,
      bookable: true,
    });
  });

  it('only listeners have booking settings', async () => {
    const sharer = await signUp(t.app);
    expectCode(await api(sharer, 'GET', '/listeners/me/availability'), 403, 'NOT_A_LISTENER');
    expectCode(
      await api(sharer, 'PUT', '/listeners/me/availability', londonDays),
      403,
      'NOT_A_LISTENER',
    );
  });

  it.each([
    ['an unknown time zone', { time_zone: 'Europe/Atlantis' }, 'time_zone'],
    ['a time zone that is not a name', { time_zone: '+02:00' }, 'time_zone'],
    [
      'a range that ends before it starts',
      { rules: [{ weekday: 1, start: '18:00', end: '09:00' }] },
      'rules.0.end',
    ],
    [
      'a range that ends when it starts',
      { rules: [{ weekday: 1, start: '09:00', end: '09:00' }] },
      'rules.0.end',
    ],
    ['a weekday 0', { rules: [{ weekday: 0, start: '09:00', end: '10:00' }] }, 'rules.0.weekday'],
    [
      'a time that is not HH:MM',
      { rules: [{ weekday: 1, start: '9am', end: '10:00' }] },
      'rules.0.start',
    ],
    [
      'time off that ends before it starts',
      { time_off: [{ start: '2026-03-20T10:00:00Z', end: '2026-03-20T09:00:00Z' }] },
      'time_off.0.end',
    ],
    ['no session length', { durations: [] }, 'durations'],
    ['a 5-minute session', { durations: [5] }, 'durations.0'],
    ['a negative buffer', { buffer_minutes: -5 }, 'buffer_minutes'],
    [
      'two ranges of one day that overlap',
      {
        rules: [
          { weekday: 3, start: '09:00', end: '12:00' },
          { weekday: 3, start: '11:00', end: '13:00' },
        ],
      },
      'rules.1',
    ],
  ])('refuses %s (400, naming the field)', async (_name, change, path) => {
    const listener = await signUp(t.app, { roles: ['listener'] });
    const response = await api(listener, 'PUT', '/listeners/me/availability', {
      ...londonDays,
      ...change,
    });
    expectCode(response, 400, 'VALIDATION_ERROR');
    expect(response.json().details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

describe('GET /listeners/:id/slots', () => {
  it('lists free slots as UTC instants, in the viewer zone too, across a DST difference', async () => {
    const listener = await bookableListener(t.app, {
      rules: everyDay('18:00', '20:00'),
      durations: [50],
      horizon_days: 60,
    });
    const sharer = await signUp(t.app);
    // New York is on summer time since 8 March; London changes on 29 March.
    const before = await slotsOf(
      sharer,
      listener.id,
      `${day('2026-03-17', 'America/New_York')}&time_zone=America/New_York`,
    );
    expect(before.time_zone).toBe('Europe/London');
    expect(before.viewer_time_zone).toBe('America/New_York');
    expect(before.slots).toEqual([
      {
        start: '2026-03-17T18:00:00.000Z',
        end: '2026-03-17T18:50:00.000Z',
        duration_minutes: 50,
        local_date: '2026-03-17',
        local_start: '14:00',
        local_end: '14:50',
      },
      {
        start: '2026-03-17T19:00:00.000Z',
        end: '2026-03-17T19:50:00.000Z',
        duration_minutes: 50,
        local_date: '2026-03-17',
        local_start: '15:00',
        local_end: '15:50',
      },
    ]);
    // Both on summer time: the listener still starts at 18:00, an hour earlier in UTC, and
    // New York sees 13:00 again.
    const after = await slotsOf(
      sharer,
      listener.id,
      `${day('2026-03-31', 'America/New_York')}&time_zone=America/New_York`,
    );
    expect(after.slots.map((s) => [s.start, s.local_start])).toEqual([
      ['2026-03-31T17:00:00.000Z', '13:00'],
      ['2026-03-31T18:00:00.000Z', '14:00'],
    ]);
  });

  it.each([
    [
      'March',
      'from=2026-03-27T00:00:00Z&to=2026-03-31T00:00:00Z',
      [
        '2026-03-27T18:00:00.000Z',
        '2026-03-28T18:00:00.000Z',
        '2026-03-29T17:00:00.000Z',
        '2026-03-30T17:00:00.000Z',
      ],
    ],
    [
      'October',
      'from=2026-10-23T00:00:00Z&to=2026-10-27T00:00:00Z',
      [
        '2026-10-23T17:00:00.000Z',
        '2026-10-24T17:00:00.000Z',
        '2026-10-25T18:00:00.000Z',
        '2026-10-26T18:00:00.000Z',
      ],
    ],
  ])(
    'keeps 18:00 London on both sides of the last Sunday of %s, and books it',
    async (_month, range, utc) => {
      const listener = await bookableListener(t.app, {
        rules: everyDay('18:00', '20:00'),
        durations: [50],
        horizon_days: 365,
      });
      const sharer = await signUp(t.app);
      const week = await slotsOf(sharer, listener.id, `${range}&time_zone=Europe/London`);
      const sixPm = week.slots.filter((s) => s.local_start === '18:00');
      expect(sixPm.map((s) => s.start)).toEqual(utc);
      // Booked on either side, the session is at 18:00 in London.
      for (const start of [utc[0]!, utc[3]!]) {
        const booked = await api(sharer, 'POST', '/appointments', {
          listener_id: listener.id,
          start,
          duration_minutes: 50,
          topic: 'Evenings are hard',
        });
        expect(booked.statusCode, booked.body).toBe(201);
        const appointment = booked.json().appointment;
        expect(
          DateTime.fromISO(appointment.start, { zone: 'Europe/London' }).toFormat('HH:mm'),
        ).toBe('18:00');
      }
    },
  );

  it('leaves out the minimum notice, the horizon and time off', async () => {
    const listener = await bookableListener(t.app, {
      durations: [50],
      min_notice_minutes: 180,
      horizon_days: 2,
      time_off: [{ start: '2026-03-17T12:00:00Z', end: '2026-03-17T23:00:00Z' }],
    });
    const sharer = await signUp(t.app);
    const today = await slotsOf(sharer, listener.id, day('2026-03-16'));
    // 08:00 now, three hours' notice: 11:00 is the first.
    expect(today.slots[0]!.start).toBe('2026-03-16T11:00:00.000Z');
    const tomorrow = await slotsOf(sharer, listener.id, day('2026-03-17'));
    expect(tomorrow.slots.map((s) => s.start.slice(11, 16))).toEqual(['09:00', '10:00', '11:00']);
    expect((await slotsOf(sharer, listener.id, day('2026-03-18'))).slots).toHaveLength(8);
    expect((await slotsOf(sharer, listener.id, day('2026-03-19'))).slots).toEqual([]);
  });

  it('shows the listener their own slots even before they take bookings', async () => {
    const listener = await bookableListener(t.app, { accepts_bookings: false });
    const own = await slotsOf(listener, listener.id, `${day('2026-03-17')}&duration=30`);
    expect(own.slots.length).toBeGreaterThan(0);
    expect(own.slots.every((s) => s.duration_minutes === 30)).toBe(true);
    const sharer = await signUp(t.app);
    expectCode(
      await api(sharer, 'GET', `/listeners/${listener.id}/slots?${day('2026-03-17')}`),
      403,
      'BOOKING_NOT_ALLOWED',
    );
  });

  it('refuses listeners who are not approved, blocked pairs and strangers to a partners-only listener', async () => {
    const sharer = await signUp(t.app);
    const pending = await bookableListener(
      t.app,
      {},
      await signUp(t.app, { roles: ['listener'], listenerStatus: 'pending' }),
    );
    expectCode(
      await api(sharer, 'GET', `/listeners/${pending.id}/slots?${day('2026-03-17')}`),
      403,
      'BOOKING_NOT_ALLOWED',
    );
    const blocked = await bookableListener(t.app);
    await storeBlock(t.app, blocked.id, sharer.id);
    expectCode(
      await api(sharer, 'GET', `/listeners/${blocked.id}/slots?${day('2026-03-17')}`),
      403,
      'USER_BLOCKED',
    );
    const partnersOnly = await bookableListener(t.app, { bookings_from: 'partners' });
    expectCode(
      await api(sharer, 'GET', `/listeners/${partnersOnly.id}/slots?${day('2026-03-17')}`),
      403,
      'BOOKING_NOT_ALLOWED',
    );
    // After a listening chat together, the same listener can be booked.
    await setUser(t.app, partnersOnly.id, { listenerAvailability: 'available' });
    const { sharer: partner } = await listeningChat(t.app, { listener: partnersOnly });
    const slots = await slotsOf(partner, partnersOnly.id, day('2026-03-17'));
    expect(slots.slots.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'a listener id that is not a UUID',
      '/listeners/nope/slots?from=2026-03-17T00:00:00Z&to=2026-03-18T00:00:00Z',
      400,
    ],
    ['to before from', 'SLOTS?from=2026-03-18T00:00:00Z&to=2026-03-17T00:00:00Z', 400],
    ['more than six weeks at once', 'SLOTS?from=2026-03-17T00:00:00Z&to=2026-05-17T00:00:00Z', 400],
    ['a date that is not ISO 8601', 'SLOTS?from=tomorrow&to=2026-03-18T00:00:00Z', 400],
    [
      'an unknown viewer time zone',
      'SLOTS?from=2026-03-17T00:00:00Z&to=2026-03-18T00:00:00Z&time_zone=Mars/Olympus',
      400,
    ],
    [
      'a listener who does not exist',
      '/listeners/00000000-0000-4000-8000-000000000000/slots?from=2026-03-17T00:00:00Z&to=2026-03-18T00:00:00Z',
      404,
    ],
  ])('refuses %s', async (_name, path, status) => {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const response = await api(
      sharer,
      'GET',
      path.replace('SLOTS', `/listeners/${listener.id}/slots`),
    );
    expectCode(response, status, status === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR');
  });

  it('a sharer (not a listener) has no slots: 404', async () => {
    const sharer = await signUp(t.app);
    const other = await signUp(t.app);
    expectCode(
      await api(sharer, 'GET', `/listeners/${other.id}/slots?${day('2026-03-17')}`),
      404,
      'NOT_FOUND',
    );
  });
});
