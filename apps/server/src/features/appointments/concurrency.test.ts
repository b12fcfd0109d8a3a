/**
 * No double booking, under concurrency and in the database itself: simultaneous requests for one
 * slot give exactly one success and 409 for the rest, and the exclusion constraints refuse an
 * overlapping row however it is written.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDatabase, useTestApp } from '../../../test/app';
import { book, bookableListener } from '../../../test/bookings';
import { type SignedInUser, signUp } from '../../../test/factories';
import { appointments } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { overlapViolation } from './appointments.repository';

const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
const t = useTestApp({
  clock,
  env: { APPOINTMENT_REMINDER_CHECK_SECONDS: '0', STALE_CHECK_INTERVAL_SECONDS: '0' },
});
const { api } = t;

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>(
    (counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }),
    {},
  );

/** Two sessions rescheduled into the same start at the same moment: one moves (200), one 409. */
async function moveBothAtOnce(
  start: string,
  ...moves: [by: SignedInUser, appointment: { id: string }][]
) {
  const responses = await Promise.all(
    moves.map(([by, appointment]) =>
      api(by, 'POST', `/appointments/${appointment.id}/reschedule`, { start }),
    ),
  );
  expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  return responses;
}

describe(`double booking on ${testDatabase}`, () => {
  it('10 simultaneous bookings of one slot: exactly one 201, nine 409 SLOT_TAKEN', async () => {
    const listener = await bookableListener(t.app);
    const sharers: SignedInUser[] = [];
    for (let i = 0; i < 10; i++) sharers.push(await signUp(t.app));
    const responses = await Promise.all(
      sharers.map((sharer) =>
        api(sharer, 'POST', '/appointments', {
          listener_id: listener.id,
          start: '2026-03-17T10:00:00Z',
          duration_minutes: 50,
          topic: 'The same hour',
        }),
      ),
    );
    expect(tally(responses.map((r) => r.statusCode))).toEqual({ 201: 1, 409: 9 });
    for (const r of responses.filter((r) => r.statusCode === 409)) {
      expect(r.json().code).toBe('SLOT_TAKEN');
    }
    const listed = (await api(listener, 'GET', '/appointments')).json().appointments;
    expect(listed).toHaveLength(1);
    const winner = responses.find((r) => r.statusCode === 201)!.json().appointment;
    expect(listed[0].id).toBe(winner.id);
  });

  it('two simultaneous reschedules into one slot: one moves, the other keeps its time (409)', async () => {
    const listener = await bookableListener(t.app);
    const [a, b] = [await signUp(t.app), await signUp(t.app)];
    const first = await book(t.app, a, listener, '2026-03-18T09:00:00Z');
    const second = await book(t.app, b, listener, '2026-03-18T10:00:00Z');
    const responses = await moveBothAtOnce('2026-03-18T14:00:00Z', [a, first], [b, second]);
    expect(responses.find((r) => r.statusCode === 409)!.json().code).toBe('SLOT_TAKEN');
    const [moved, kept] = responses[0]!.statusCode === 200 ? [first, second] : [second, first];
    const after = (await api(listener, 'GET', '/appointments')).json().appointments;
    expect(
      Object.fromEntries(after.map((x: { id: string; start: string }) => [x.id, x.start])),
    ).toEqual({
      [moved.id]: '2026-03-18T14:00:00.000Z',
      [kept.id]: kept.start,
    });
  });

  it('one sharer moving two sessions with two listeners into one hour: one 200, one 409', async () => {
    // Different listeners take different locks: only the sharer's constraint stands between them.
    const sharer = await signUp(t.app);
    const [x, y] = [await bookableListener(t.app), await bookableListener(t.app)];
    const withX = await book(t.app, sharer, x, '2026-03-19T09:00:00Z');
    const withY = await book(t.app, sharer, y, '2026-03-19T11:00:00Z');
    const responses = await moveBothAtOnce(
      '2026-03-19T15:00:00Z',
      [sharer, withX],
      [sharer, withY],
    );
    expect(responses.find((r) => r.statusCode === 409)!.json().code).toBe('APPOINTMENT_CONFLICT');
  });

  it('the database itself refuses overlapping scheduled rows for a listener and for a sharer', async () => {
    const [s1, s2, l1, l2] = await Promise.all([
      signUp(t.app),
      signUp(t.app),
      signUp(t.app, { roles: ['listener'] }),
      signUp(t.app, { roles: ['listener'] }),
    ]);
    const row = (sharerId: string, listenerId: string, start: string, end: string) => ({
      sharerId,
      listenerId,
      startsAt: new Date(start),
      endsAt: new Date(end),
      durationMinutes: 50,
      topic: 'x',
      listenerTimeZone: 'UTC',
      roomName: randomBytes(20).toString('hex'),
    });
    const db = t.app.database.db;
    await db
      .insert(appointments)
      .values(row(s1.id, l1.id, '2026-04-01T10:00:00Z', '2026-04-01T11:00:00Z'));
    const insert = (values: ReturnType<typeof row>) =>
      db
        .insert(appointments)
        .values(values)
        .then(
          () => 'inserted',
          (error: unknown) => overlapViolation(error) ?? String(error),
        );
    expect(await insert(row(s2.id, l1.id, '2026-04-01T10:30:00Z', '2026-04-01T11:30:00Z'))).toBe(
      'listener',
    );
    expect(await insert(row(s1.id, l2.id, '2026-04-01T09:30:00Z', '2026-04-01T10:01:00Z'))).toBe(
      'sharer',
    );
    // Back to back is fine (half-open ranges), and so is a cancelled one on top.
    expect(await insert(row(s2.id, l1.id, '2026-04-01T11:00:00Z', '2026-04-01T12:00:00Z'))).toBe(
      'inserted',
    );
    expect(
      await insert({
        ...row(s2.id, l1.id, '2026-04-01T10:00:00Z', '2026-04-01T11:00:00Z'),
        status: 'cancelled',
      } as ReturnType<typeof row>),
    ).toBe('inserted');
  });
});
