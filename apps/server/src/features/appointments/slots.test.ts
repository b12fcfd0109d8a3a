import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Busy, checkSlot, describeMinutes, freeSlots, type Schedule } from './slots';

const everyDay = (start: string, end: string) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

/** A London listener, 18:00–20:00 every day, 50-minute sessions with a 10-minute buffer. */
const london: Schedule = {
  timeZone: 'Europe/London',
  rules: everyDay('18:00', '20:00'),
  timeOff: [],
  durations: [50],
  bufferMinutes: 10,
  minNoticeMinutes: 0,
  horizonDays: 365,
  dailyCap: null,
};

const utc = (iso: string) => new Date(iso);
const starts = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());
/** The slots that start on one UTC day. */
function day(
  schedule: Schedule,
  date: string,
  busy: Busy[] = [],
  now = utc('2026-01-01T00:00:00Z'),
) {
  return freeSlots(schedule, busy, {
    now,
    from: utc(`${date}T00:00:00Z`),
    to: utc(`${date}T23:59:59Z`),
  });
}
const inZone = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

describe('free slots across daylight-saving changes', () => {
  // 2026: the UK moves to summer time on Sunday 29 March and back on Sunday 25 October.
  it.each([
    ['Friday before the March change (GMT)', '2026-03-27', ['18:00', '19:00']],
    ['Saturday before the March change (GMT)', '2026-03-28', ['18:00', '19:00']],
    ['the Sunday of the March change (BST)', '2026-03-29', ['17:00', '18:00']],
    ['Monday after the March change (BST)', '2026-03-30', ['17:00', '18:00']],
    ['Friday before the October change (BST)', '2026-10-23', ['17:00', '18:00']],
    ['the Sunday of the October change (GMT)', '2026-10-25', ['18:00', '19:00']],
    ['Monday after the October change (GMT)', '2026-10-26', ['18:00', '19:00']],
  ])('%s: 18:00 and 19:00 in London are %j UTC', (_name, date, utcTimes) => {
    const slots = day(london, date);
    expect(starts(slots)).toEqual(utcTimes.map((t) => `${date}T${t}:00.000Z`));
    expect(slots.map((s) => inZone(s.start, 'Europe/London'))).toEqual([
      `${date} 18:00`,
      `${date} 19:00`,
    ]);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 50 * 60_000)).toBe(true);
  });

  // The US changes two to three weeks before the UK in spring and a week after it in autumn.
  it.each([
    ['both on standard time', '2026-02-16', '13:00'],
    ['New York on summer time, London not yet', '2026-03-16', '14:00'],
    ['both on summer time', '2026-04-06', '13:00'],
    ['London back on GMT, New York still on summer time', '2026-10-27', '14:00'],
    ['both on standard time again', '2026-11-03', '13:00'],
  ])('a viewer in New York, %s, sees 18:00 London as %s', (_name, date, local) => {
    const [first] = day(london, date);
    expect(inZone(first!.start, 'Europe/London')).toBe(`${date} 18:00`);
    expect(inZone(first!.start, 'America/New_York')).toBe(`${date} ${local}`);
  });

  it('a range in the spring-forward gap starts when the clocks do', () => {
    const schedule = { ...london, rules: [{ weekday: 7, start: '01:00', end: '03:00' }] };
    schedule.durations = [30];
    schedule.bufferMinutes = 0;
    // 01:00–02:00 does not exist in London on 29 March 2026: the range is 02:00–03:00 BST.
    expect(starts(day(schedule, '2026-03-29'))).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('a range over the autumn repeat has the extra hour', () => {
    const schedule = {
      ...london,
      rules: [{ weekday: 7, start: '00:00', end: '03:00' }],
      durations: [60],
      bufferMinutes: 0,
    };
    const slots = freeSlots(schedule, [], {
      now: utc('2026-01-01T00:00:00Z'),
      from: utc('2026-10-24T22:00:00Z'),
      to: utc('2026-10-25T05:00:00Z'),
    });
    // 00:00 BST, 01:00 BST, 01:00 GMT, 02:00 GMT: three wall-clock hours, four real ones.
    expect(starts(slots)).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });
});

describe('the listener rules', () => {
  const monday = '2026-03-30';
  const now = utc('2026-03-30T12:00:00Z');

  it('several ranges a day, several lengths, and a buffer between sessions', () => {
    const schedule: Schedule = {
      ...london,
      rules: [
        { weekday: 1, start: '09:00', end: '10:00' },
        { weekday: 1, start: '18:00', end: '20:00' },
      ],
      durations: [30, 50],
    };
    const slots = day(schedule, monday);
    expect(
      slots.map((s) => `${inZone(s.start, 'Europe/London').slice(11)}/${s.durationMinutes}`),
    ).toEqual(['09:00/30', '09:00/50', '18:00/30', '18:00/50', '18:40/30', '19:00/50', '19:20/30']);
  });

  it('booked time and its buffer are not offered; the cap closes the day', () => {
    const busy: Busy[] = [
      { start: utc('2026-03-30T17:00:00Z'), end: utc('2026-03-30T17:50:00Z'), asListener: true },
    ];
    expect(starts(day(london, monday, busy))).toEqual(['2026-03-30T18:00:00.000Z']);
    // A session that ends 5 minutes before the next slot is inside the 10-minute buffer.
    const tight: Busy[] = [
      { start: utc('2026-03-30T17:30:00Z'), end: utc('2026-03-30T17:55:00Z'), asListener: false },
    ];
    expect(starts(day(london, monday, tight))).toEqual([]);
    expect(starts(day({ ...london, dailyCap: 1 }, monday, busy))).toEqual([]);
    // A session they attend as a sharer takes the time but not their cap.
    const attending: Busy[] = [{ ...busy[0]!, asListener: false }];
    expect(starts(day({ ...london, dailyCap: 1 }, monday, attending))).toEqual([
      '2026-03-30T18:00:00.000Z',
    ]);
  });

  it('minimum notice, horizon and time off', () => {
    const notice = { ...london, minNoticeMinutes: 6 * 60 };
    // 12:00 UTC now: 17:00 UTC (18:00 BST) is 5 hours away, inside 6 hours' notice.
    expect(starts(day(notice, monday, [], now))).toEqual(['2026-03-30T18:00:00.000Z']);
    const horizon = { ...london, horizonDays: 2 };
    expect(starts(day(horizon, '2026-04-01', [], now))).toEqual([
      '2026-04-01T17:00:00.000Z',
      '2026-04-01T18:00:00.000Z',
    ]);
    expect(starts(day(horizon, '2026-04-02', [], now))).toEqual([]);
    const away = {
      ...london,
      timeOff: [{ start: utc('2026-03-30T17:30:00Z'), end: utc('2026-03-31T00:00:00Z') }],
    };
    expect(starts(day(away, monday))).toEqual([]);
  });

  it('says why a time cannot be booked', () => {
    const schedule: Schedule = { ...london, minNoticeMinutes: 720, horizonDays: 14, dailyCap: 1 };
    const check = (start: string, duration = 50, busy: Busy[] = []) =>
      checkSlot(schedule, busy, { now, start: utc(start), duration })?.reason;
    expect(check('2026-03-31T17:00:00Z')).toBeUndefined();
    expect(check('2026-03-31T17:00:00Z', 30)).toBe('duration');
    expect(check('2026-03-30T11:00:00Z')).toBe('past');
    expect(check('2026-03-30T17:00:00Z')).toBe('notice');
    expect(check('2026-04-20T17:00:00Z')).toBe('horizon');
    expect(check('2026-03-31T12:00:00Z')).toBe('outside');
    expect(check('2026-03-31T17:10:00Z')).toBe('outside');
    const booked: Busy = {
      start: utc('2026-03-31T17:00:00Z'),
      end: utc('2026-03-31T17:50:00Z'),
      asListener: true,
    };
    expect(check('2026-03-31T17:00:00Z', 50, [booked])).toBe('taken');
    expect(check('2026-03-31T18:00:00Z', 50, [booked])).toBe('daily_cap');
    expect(
      checkSlot(
        {
          ...schedule,
          timeOff: [{ start: utc('2026-03-31T00:00:00Z'), end: utc('2026-04-01T00:00:00Z') }],
        },
        [],
        { now, start: utc('2026-03-31T17:00:00Z'), duration: 50 },
      )?.reason,
    ).toBe('time_off');
  });

  it('describes spans the way people say them', () => {
    expect(describeMinutes(720)).toBe('12 hours');
    expect(describeMinutes(60)).toBe('1 hour');
    expect(describeMinutes(90)).toBe('90 minutes');
    expect(describeMinutes(30 * 1440)).toBe('30 days');
  });
});
