import { DateTime } from 'luxon';

const MINUTE_MS = 60_000;

/** A listener's booking settings, as the slot rules need them. */
export interface Schedule {
  /** IANA zone the weekly ranges are in. */
  timeZone: string;
  rules: { weekday: number; start: string; end: string }[];
  timeOff: { start: Date; end: Date }[];
  durations: number[];
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  dailyCap: number | null;
}

/** Time the listener is already taken: their other scheduled appointments, in either role. */
export interface Busy {
  start: Date;
  end: Date;
  /** They give this session as the listener (it counts towards their daily cap). */
  asListener: boolean;
}

export interface FreeSlot {
  start: Date;
  end: Date;
  durationMinutes: number;
}

/** Why a time cannot be booked; `taken` is a conflict (409), the others are the listener's rules. */
export type SlotRefusal =
  | { reason: 'duration'; message: string }
  | { reason: 'past'; message: string }
  | { reason: 'notice'; message: string }
  | { reason: 'horizon'; message: string }
  | { reason: 'outside'; message: string }
  | { reason: 'time_off'; message: string }
  | { reason: 'daily_cap'; message: string }
  | { reason: 'taken'; message: string };

/** "12 hours", "1 day", "90 minutes": a span as people say it. */
export function describeMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes > 0 && minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

const listOf = (values: number[]) =>
  values.length === 1
    ? String(values[0])
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;

const wallClock = (hhmm: string) => ({
  hour: Number(hhmm.slice(0, 2)),
  minute: Number(hhmm.slice(3, 5)),
});

/**
 * The weekly ranges of one local day as instants. Wall-clock times are resolved in the zone by
 * Luxon, so 18:00 stays 18:00 local on both sides of a DST change; a time that does not exist
 * that day (inside the spring-forward gap) moves forward, as clocks do.
 */
function rangesOfDay(schedule: Schedule, day: DateTime): { start: DateTime; end: DateTime }[] {
  return schedule.rules
    .filter((rule) => rule.weekday === day.weekday)
    .map((rule) => ({
      start: day.set({ ...wallClock(rule.start), second: 0, millisecond: 0 }),
      end:
        rule.end === '24:00'
          ? day.plus({ days: 1 }).startOf('day')
          : day.set({ ...wallClock(rule.end), second: 0, millisecond: 0 }),
    }))
    .filter((range) => range.end > range.start);
}

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number) =>
  aStart < bEnd && aEnd > bStart;

/** The local date (in the listener's zone) an instant falls on: the day its daily cap counts in. */
const localDate = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toISODate()!;

/**
 * Every start the weekly ranges offer for a length, on the local days touching [from, to): from
 * each range's start, one session plus the buffer apart, as long as the session ends in range.
 */
function candidates(schedule: Schedule, duration: number, from: Date, to: Date) {
  const zone = schedule.timeZone;
  const step = duration + schedule.bufferMinutes;
  const out: { start: Date; end: Date; day: string }[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromJSDate(to, { zone }).startOf('day').plus({ days: 1 });
  for (; day <= last; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    for (const range of rangesOfDay(schedule, day)) {
      // Within a range, minutes are plain elapsed time (a range over a DST change is as long as
      // the clocks say), so the steps are counted in milliseconds.
      const end = range.end.toMillis();
      for (let start = range.start.toMillis(); start + duration * MINUTE_MS <= end;) {
        out.push({
          start: new Date(start),
          end: new Date(start + duration * MINUTE_MS),
          day: date,
        });
        start += step * MINUTE_MS;
      }
    }
  }
  return out;
}

/** Sessions the listener gives on each local day, for the daily cap. */
function perDay(schedule: Schedule, busy: Busy[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of busy) {
    if (!b.asListener) continue;
    const day = localDate(b.start, schedule.timeZone);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/**
 * The end of the booking horizon: the end of the listener's local day `horizonDays` days from
 * today (a 30-day horizon on a Monday takes bookings through the Wednesday a month on).
 */
function horizonEnd(schedule: Schedule, now: Date): number {
  return DateTime.fromJSDate(now, { zone: schedule.timeZone })
    .startOf('day')
    .plus({ days: schedule.horizonDays + 1 })
    .toMillis();
}

interface Window {
  now: Date;
  /** `horizonEnd` of `now`, worked out once per request. */
  horizon: number;
}

/** Why this exact slot cannot be booked, checking the listener's rules in a fixed order. */
function refusal(
  schedule: Schedule,
  busy: Busy[],
  slot: { start: Date; end: Date; day: string },
  counts: Map<string, number>,
  { now, horizon }: Window,
): SlotRefusal | undefined {
  const s = slot.start.getTime();
  const e = slot.end.getTime();
  if (s < now.getTime()) return { reason: 'past', message: 'This time has already passed' };
  if (s < now.getTime() + schedule.minNoticeMinutes * MINUTE_MS) {
    return {
      reason: 'notice',
      message: `This listener takes bookings at least ${describeMinutes(schedule.minNoticeMinutes)} ahead`,
    };
  }
  if (s >= horizon) {
    return {
      reason: 'horizon',
      message: `This listener takes bookings up to ${describeMinutes(schedule.horizonDays * 1440)} ahead`,
    };
  }
  if (schedule.timeOff.some((off) => overlaps(s, e, off.start.getTime(), off.end.getTime()))) {
    return { reason: 'time_off', message: 'The listener is away at this time' };
  }
  const buffer = schedule.bufferMinutes * MINUTE_MS;
  if (busy.some((b) => overlaps(s, e, b.start.getTime() - buffer, b.end.getTime() + buffer))) {
    return { reason: 'taken', message: 'This time has just been booked; please choose another' };
  }
  if (schedule.dailyCap !== null && (counts.get(slot.day) ?? 0) >= schedule.dailyCap) {
    return { reason: 'daily_cap', message: 'The listener is fully booked that day' };
  }
  return undefined;
}

/**
 * The free slots that start in [from, to), soonest first: on the weekly grid, outside time off,
 * after the minimum notice, within the horizon, clear of booked time plus the buffer, on days
 * under the daily cap.
 */
export function freeSlots(
  schedule: Schedule,
  busy: Busy[],
  query: { now: Date; from: Date; to: Date; duration?: number },
): FreeSlot[] {
  const counts = perDay(schedule, busy);
  const window = { now: query.now, horizon: horizonEnd(schedule, query.now) };
  const durations = query.duration
    ? schedule.durations.filter((d) => d === query.duration)
    : schedule.durations;
  const slots: FreeSlot[] = [];
  for (const duration of durations) {
    for (const slot of candidates(schedule, duration, query.from, query.to)) {
      if (slot.start < query.from || slot.start >= query.to) continue;
      if (refusal(schedule, busy, slot, counts, window)) continue;
      slots.push({ start: slot.start, end: slot.end, durationMinutes: duration });
    }
  }
  return slots.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.durationMinutes - b.durationMinutes,
  );
}

/** Whether `start` for `duration` minutes is a free slot; if not, why. */
export function checkSlot(
  schedule: Schedule,
  busy: Busy[],
  request: { now: Date; start: Date; duration: number },
): SlotRefusal | undefined {
  const { start, duration } = request;
  if (!schedule.durations.includes(duration)) {
    return {
      reason: 'duration',
      message: `This listener offers sessions of ${listOf([...schedule.durations].sort((a, b) => a - b))} minutes`,
    };
  }
  const end = new Date(start.getTime() + duration * MINUTE_MS);
  const onGrid = candidates(schedule, duration, start, end).find(
    (c) => c.start.getTime() === start.getTime(),
  );
  const counts = perDay(schedule, busy);
  const window = { now: request.now, horizon: horizonEnd(schedule, request.now) };
  // Time rules first (passed, notice, horizon), so the answer names the rule a person can act on.
  const early = refusal(
    schedule,
    [],
    { start, end, day: localDate(start, schedule.timeZone) },
    new Map(),
    window,
  );
  if (early && early.reason !== 'time_off') return early;
  if (!onGrid) {
    return {
      reason: 'outside',
      message: "This time is outside the listener's availability; choose one of their free times",
    };
  }
  return refusal(schedule, busy, onGrid, counts, window);
}
