import {
  adminAppointmentsResponseSchema,
  adminChartsSchema,
  adminStatsSchema,
} from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { book, bookableListener } from '../../../test/bookings';
import { expectCode } from '../../../test/expect';
import { signInAgain, signUp } from '../../../test/factories';
import { ManualClock } from '../../lib/clock';

const HOUR = 3600_000;
const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
const t = useTestApp({
  clock,
  env: { APPOINTMENT_REMINDER_CHECK_SECONDS: '0', STALE_CHECK_INTERVAL_SECONDS: '0' },
});
const { api } = t;

describe('the team’s view of booked sessions', () => {
  it('counts sessions per day and still to come, and lists a user’s sessions with their history', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const listener = await bookableListener(t.app);
    const [sam, kai] = [await signUp(t.app), await signUp(t.app)];
    const held = await book(t.app, sam, listener, '2026-03-16T11:00:00Z');
    const moved = await book(t.app, kai, listener, '2026-03-16T13:00:00Z');
    await api(kai, 'POST', `/appointments/${moved.id}/reschedule`, {
      start: '2026-03-17T10:00:00Z',
    });
    const cancelled = await book(t.app, sam, listener, '2026-03-17T12:00:00Z');
    await api(listener, 'DELETE', `/appointments/${cancelled.id}`, { reason: 'Unwell' });
    await book(t.app, sam, listener, '2026-03-20T09:00:00Z');

    const stats = adminStatsSchema.parse((await api(admin, 'GET', '/admin/stats')).json());
    expect(stats.upcoming_appointments).toBe(3);

    clock.advance(2 * 24 * HOUR);
    await signInAgain(t.app, admin, listener, sam);
    await api(listener, 'POST', `/appointments/${held.id}/complete`);
    const charts = adminChartsSchema.parse((await api(admin, 'GET', '/admin/charts')).json());
    expect(charts.appointments_per_day).toHaveLength(30);
    expect(charts.appointments_per_day.at(-1)).toEqual({ date: '2026-03-18', count: 0 });
    expect(charts.appointments_per_day.at(-2)).toEqual({ date: '2026-03-17', count: 1 });
    expect(charts.appointments_per_day.at(-3)).toEqual({ date: '2026-03-16', count: 1 });
    expect(adminStatsSchema.parse((await api(admin, 'GET', '/admin/stats')).json())).toMatchObject({
      upcoming_appointments: 1,
    });

    const history = await api(admin, 'GET', `/admin/users/${sam.id}/appointments`);
    expect(history.statusCode, history.body).toBe(200);
    const { appointments } = adminAppointmentsResponseSchema.parse(history.json());
    expect(appointments.map((a) => [a.start, a.status, a.role, a.partner.pseudonym])).toEqual([
      ['2026-03-20T09:00:00.000Z', 'scheduled', 'sharer', listener.pseudonym],
      ['2026-03-17T12:00:00.000Z', 'cancelled', 'sharer', listener.pseudonym],
      ['2026-03-16T11:00:00.000Z', 'completed', 'sharer', listener.pseudonym],
    ]);
    expect(appointments[1]!.history.map((h) => [h.action, h.by?.pseudonym, h.reason])).toEqual([
      ['booked', sam.pseudonym, null],
      ['cancelled', listener.pseudonym, 'Unwell'],
    ]);
    const listenerView = adminAppointmentsResponseSchema.parse(
      (await api(admin, 'GET', `/admin/users/${listener.id}/appointments?limit=2`)).json(),
    );
    expect(listenerView.appointments.map((a) => a.role)).toEqual(['listener', 'listener']);
    expectCode(
      await api(admin, 'GET', '/admin/users/00000000-0000-4000-8000-000000000000/appointments'),
      404,
      'NOT_FOUND',
    );
    expectCode(await api(sam, 'GET', `/admin/users/${sam.id}/appointments`), 403, 'ADMIN_REQUIRED');
  });
});
