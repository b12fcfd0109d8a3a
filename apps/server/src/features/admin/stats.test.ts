import { adminChartsSchema, adminStatsSchema } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { approvalOffNoStaleCheck, useTestApp } from '../../../test/app';
import { type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { feedback } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { sampleAvailability } from './availability-sampler';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const SAMPLE_MS = 300_000;
const clock = new ManualClock(new Date('2026-11-18T10:00:00Z'));
// Timers off: the test decides when chats are released and samples taken.
const t = useTestApp({
  clock,
  env: {
    ...approvalOffNoStaleCheck,
    SWEEP_INTERVAL_SECONDS: '0',
    AVAILABILITY_SAMPLE_SECONDS: '0',
  },
});
const { api } = t;

/** Signs everyone in again once the test clock has moved past their tokens' 15 minutes. */
const relogin = (...people: SignedInUser[]) => signInAgain(t.app, ...people);

describe('GET /admin/stats and /admin/charts (the admin dashboard)', () => {
  it('counts what happened on the platform, chats by day from the log kept after 24 hours', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const anna = await signUp(t.app);
    const ben = await signUp(t.app);
    const lee = await signUp(t.app, { roles: ['listener'] });
    const kim = await signUp(t.app, { roles: ['listener', 'sharer'] });

    // Two days ago at 10:00: Ben talks with Kim, and the chat ends.
    await api(kim, 'PATCH', '/users/me/availability', { availability: 'available' });
    const old = await api(ben, 'POST', '/match/request-chat', { listener_id: kim.id });
    expect(old.statusCode).toBe(201);
    const oldId = old.json().session_id as string;
    expect((await api(ben, 'POST', `/chat/sessions/${oldId}/end`)).statusCode).toBe(200);
    // Kim is available again after the chat: one listener available at 10:00 that day.
    expect(await sampleAvailability(t.app.database.db, clock.now(), SAMPLE_MS)).toMatchObject({
      available: 1,
      inChat: 0,
    });
    // A second node a moment later finds the sample already taken.
    expect(await sampleAvailability(t.app.database.db, clock.now(), SAMPLE_MS)).toBeUndefined();

    // Today (two days later): Anna talks with Lee; the chat is still going.
    clock.advance(2 * DAY);
    await relogin(admin, anna, ben, lee, kim);
    await api(lee, 'PATCH', '/users/me/availability', { availability: 'available' });
    const now = await api(anna, 'POST', '/match/request-chat', { listener_id: lee.id });
    expect(now.statusCode).toBe(201);
    const chatId = now.json().session_id as string;
    const flagged = await api(anna, 'POST', `/chat/sessions/${chatId}/messages`, {
      content: "Some days I can't go on like this",
    });
    expect(flagged.statusCode).toBe(201);
    expect(
      (
        await api(anna, 'POST', '/reports', {
          reported_user_id: lee.id,
          chat_session_id: chatId,
          reason: 'harassment',
          description: 'Rude replies',
        })
      ).statusCode,
    ).toBe(201);
    await t.app.database.db.insert(feedback).values([
      { revieweeId: kim.id, rating: 5 },
      { revieweeId: kim.id, rating: 4 },
      { revieweeId: lee.id, rating: 4 },
    ]);
    // At 13:00 one listener (Kim) is available; at 13:05 still one.
    clock.advance(3 * HOUR);
    await sampleAvailability(t.app.database.db, clock.now(), SAMPLE_MS);
    clock.advance(SAMPLE_MS);
    await sampleAvailability(t.app.database.db, clock.now(), SAMPLE_MS);
    await relogin(admin);

    const stats = await api(admin, 'GET', '/admin/stats');
    expect(stats.statusCode).toBe(200);
    expect(adminStatsSchema.strict().parse(stats.json())).toEqual({
      total_users: 5,
      total_sharers: 4,
      total_listeners: 2,
      active_chats: 1,
      available_listeners: 1,
      total_chats_today: 1,
      total_chats_all_time: 2,
      pending_reports: 1,
      average_rating: 4.3,
      flagged_messages_pending: 1,
      pending_listener_applications: 0,
      open_support_tickets: 0,
      upcoming_appointments: 0,
    });

    const charts = await api(admin, 'GET', '/admin/charts');
    expect(charts.statusCode).toBe(200);
    const body = adminChartsSchema.parse(charts.json());
    expect(body.chats_per_day).toHaveLength(30);
    expect(body.chats_per_day.at(-1)).toEqual({ date: '2026-11-20', count: 1 });
    expect(body.chats_per_day.at(-3)).toEqual({ date: '2026-11-18', count: 1 });
    expect(body.chats_per_day[0]).toEqual({ date: '2026-10-22', count: 0 });
    expect(body.chats_per_day.reduce((sum, day) => sum + day.count, 0)).toBe(2);
    expect(body.rating_distribution).toEqual([
      { rating: 1, count: 0 },
      { rating: 2, count: 0 },
      { rating: 3, count: 0 },
      { rating: 4, count: 2 },
      { rating: 5, count: 1 },
    ]);
    expect(body.reports_by_reason).toEqual([{ reason: 'harassment', status: 'pending', count: 1 }]);
    expect(body.listeners_available_by_hour).toHaveLength(24);
    expect(body.listeners_available_by_hour[10]).toEqual({ hour: 10, average: 1 });
    expect(body.listeners_available_by_hour[13]).toEqual({ hour: 13, average: 1 });
    expect(body.listeners_available_by_hour[12]).toEqual({ hour: 12, average: 0 });
    expect(body.appointments_per_day).toHaveLength(30);
    expect(body.appointments_per_day.every((day) => day.count === 0)).toBe(true);

    // Once the chat's 24 hours have passed it is gone, but the dashboard still counts it.
    clock.advance(2 * DAY);
    await relogin(admin);
    const later = (await api(admin, 'GET', '/admin/stats')).json();
    expect(later).toMatchObject({ total_chats_all_time: 2, total_chats_today: 0 });
  });
});
