import type {
  BookingAvailability,
  SlotsResponse,
  UpdateBookingAvailabilityBody,
  updateBookingAvailabilityBodySchema,
} from '@kindred/protocol';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/client';
import type { BookingAvailabilityRow, UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { metRecently } from '../direct';
import { findUserById } from '../identity';
import { blockedEitherWay } from '../safety';
import * as repo from './appointments.repository';
import { defaultSchedule, toAvailability } from './present';
import { type Busy, freeSlots, type Schedule } from './slots';

const DAY_MS = 24 * 3600_000;

/** The rules as the slot engine takes them. */
export function toSchedule(row: BookingAvailabilityRow): Schedule {
  return {
    timeZone: row.timeZone,
    rules: row.rules,
    timeOff: row.timeOff.map((t) => ({ start: new Date(t.start), end: new Date(t.end) })),
    durations: row.durations,
    bufferMinutes: row.bufferMinutes,
    minNoticeMinutes: row.minNoticeMinutes,
    horizonDays: row.horizonDays,
    dailyCap: row.dailyCap,
  };
}

/** The listener's time already taken around [start, end) (whole local days, for the cap). */
export async function busyAround(
  db: Executor,
  listenerId: string,
  start: Date,
  end: Date,
  exceptId?: string,
): Promise<Busy[]> {
  const rows = await repo.busyBetween(
    db,
    listenerId,
    new Date(start.getTime() - 2 * DAY_MS),
    new Date(end.getTime() + 2 * DAY_MS),
    exceptId,
  );
  return rows.map((r) => ({
    start: r.startsAt,
    end: r.endsAt,
    asListener: r.listenerId === listenerId,
  }));
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * The listener's booking settings and who may book them. The booking rules have the shape of
 * message requests: an approved listener who opted in; a sharer who had a listening session
 * with them in the last 30 days, or anyone when the listener allows it; never across a block.
 */
export function createAvailabilityService(deps: {
  db: Db;
  clock: Clock;
  listenerApproval: 'required' | 'off';
}) {
  const { db, clock } = deps;

  const approved = (user: UserRow) =>
    user.isActive &&
    user.roles.includes('listener') &&
    (deps.listenerApproval === 'off' || user.listenerStatus === 'approved');

  const bookable = (user: UserRow, row: BookingAvailabilityRow | undefined) =>
    approved(user) && !!row?.acceptsBookings && row.rules.length > 0;

  async function requireListener(userId: string): Promise<UserRow> {
    const user = await findUserById(db, userId);
    if (!user) throw errors.unauthenticated();
    if (!user.isActive) throw errors.banned();
    if (!user.roles.includes('listener')) throw errors.notAListener();
    return user;
  }

  /** A listener someone may book, with their settings; refuses as the booking rules say. */
  async function bookableListener(
    sharerId: string,
    listenerId: string,
  ): Promise<{ listener: UserRow; schedule: BookingAvailabilityRow }> {
    const listener = await findUserById(db, listenerId);
    if (!listener || !listener.roles.includes('listener')) throw errors.notFound('Listener');
    if (sharerId === listenerId) {
      throw errors.bookingNotAllowed('You cannot book a session with yourself');
    }
    if (await blockedEitherWay(db, sharerId, listenerId)) throw errors.userBlocked();
    const schedule = await repo.findSchedule(db, listenerId);
    if (!schedule || !bookable(listener, schedule)) {
      throw errors.bookingNotAllowed('This listener does not take bookings at the moment');
    }
    if (schedule.bookingsFrom === 'partners') {
      if (!(await metRecently(db, sharerId, listenerId, clock.now()))) {
        throw errors.bookingNotAllowed();
      }
    }
    return { listener, schedule };
  }

  return {
    bookableListener,

    async get(userId: string): Promise<BookingAvailability> {
      const user = await requireListener(userId);
      const row = await repo.findSchedule(db, userId);
      return toAvailability(row ?? defaultSchedule(userId), {
        saved: row !== undefined,
        bookable: bookable(user, row),
      });
    },

    async put(
      userId: string,
      body: z.output<typeof updateBookingAvailabilityBodySchema>,
    ): Promise<BookingAvailability> {
      const user = await requireListener(userId);
      assertNoOverlaps(body.rules);
      const row = await repo.saveSchedule(db, {
        userId,
        timeZone: body.time_zone,
        acceptsBookings: body.accepts_bookings,
        bookingsFrom: body.bookings_from,
        rules: body.rules.map((r) => ({ weekday: r.weekday, start: r.start, end: r.end })),
        timeOff: body.time_off.map((t) => ({
          start: new Date(t.start).toISOString(),
          end: new Date(t.end).toISOString(),
        })),
        durations: [...body.durations].sort((a, b) => a - b),
        bufferMinutes: body.buffer_minutes,
        minNoticeMinutes: body.min_notice_minutes,
        horizonDays: body.horizon_days,
        dailyCap: body.daily_cap,
        updatedAt: clock.now(),
      });
      return toAvailability(row, { saved: true, bookable: bookable(user, row) });
    },

    /**
     * The free slots someone may book (the listener sees their own, to check their settings):
     * the listener's free times, less the viewer's own sessions.
     */
    async slots(
      viewerId: string,
      listenerId: string,
      query: { from: string; to: string; duration?: number; time_zone?: string },
    ): Promise<SlotsResponse> {
      const from = new Date(query.from);
      const to = new Date(query.to);
      let row: BookingAvailabilityRow;
      if (viewerId === listenerId) {
        await requireListener(viewerId);
        row = (await repo.findSchedule(db, listenerId)) ?? defaultSchedule(listenerId);
      } else {
        row = (await bookableListener(viewerId, listenerId)).schedule;
      }
      const [busy, mine] = await Promise.all([
        busyAround(db, listenerId, from, to),
        viewerId === listenerId
          ? []
          : repo.busyBetween(db, viewerId, from, new Date(to.getTime() + DAY_MS)),
      ]);
      const slots = freeSlots(toSchedule(row), busy, {
        now: clock.now(),
        from,
        to,
        duration: query.duration,
      }).filter((s) => !mine.some((m) => s.start < m.endsAt && s.end > m.startsAt));
      const zone = query.time_zone;
      const local = (instant: Date) => DateTime.fromJSDate(instant, { zone });
      return {
        time_zone: row.timeZone,
        viewer_time_zone: zone ?? null,
        durations: row.durations,
        slots: slots.map((s) => ({
          start: s.start.toISOString(),
          end: s.end.toISOString(),
          duration_minutes: s.durationMinutes,
          ...(zone
            ? {
                local_date: local(s.start).toISODate()!,
                local_start: local(s.start).toFormat('HH:mm'),
                local_end: local(s.end).toFormat('HH:mm'),
              }
            : {}),
        })),
      };
    },
  };
}
export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

/** Two ranges of one weekday may not overlap: the editor shows which one. */
function assertNoOverlaps(rules: UpdateBookingAvailabilityBody['rules']) {
  for (let i = 0; i < rules.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = rules[i]!;
      const b = rules[j]!;
      if (
        a.weekday === b.weekday &&
        minutesOf(a.start) < minutesOf(b.end) &&
        minutesOf(a.end) > minutesOf(b.start)
      ) {
        const message = `This range overlaps another on the same day (${b.start}–${b.end})`;
        throw errors.validation([{ path: `rules.${i}`, message }], message);
      }
    }
  }
}
