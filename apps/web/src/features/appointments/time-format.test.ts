import { describe, expect, it } from 'vitest';
import {
  countdown,
  formatLocalDate,
  formatRange,
  formatTime,
  localDate,
  viewerTimeZone,
  zonedInstant,
  zoneLabel,
} from './time-format';

describe('appointment times', () => {
  // 18:00 in London on both sides of the clock change at the end of March 2026.
  const beforeChange = '2026-03-24T18:00:00.000Z';
  const afterChange = '2026-03-31T17:00:00.000Z';

  it('shows one instant in each viewer zone, with the zone named', () => {
    expect(formatTime(beforeChange, 'Europe/London')).toBe('18:00');
    expect(formatTime(beforeChange, 'America/New_York')).toBe('14:00');
    expect(formatTime(afterChange, 'Europe/London')).toBe('18:00');
    expect(formatTime(afterChange, 'America/New_York')).toBe('13:00');
    expect(zoneLabel('Europe/London', afterChange)).toBe('Europe/London (BST)');
    expect(zoneLabel('America/New_York', beforeChange)).toBe('America/New_York (EDT)');
  });

  it('writes a range with its day, its times and its zone', () => {
    expect(formatRange(afterChange, '2026-03-31T17:50:00.000Z', 'Europe/London')).toBe(
      'Tuesday 31 March 2026, 18:00–18:50 Europe/London (BST)',
    );
    // Past midnight in the viewer's zone: the day is the viewer's.
    expect(formatRange('2026-01-06T03:30:00Z', '2026-01-06T04:00:00Z', 'America/New_York')).toBe(
      'Monday 5 January 2026, 22:30–23:00 America/New_York (EST)',
    );
    expect(formatLocalDate('2026-10-25')).toBe('Sunday 25 October 2026');
  });

  it('counts down in days, hours and minutes and stops at the start', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(countdown('2026-03-03T15:00:00Z', now)).toBe('2 days 3 h');
    expect(countdown('2026-03-01T13:05:00Z', now)).toBe('1 h 5 min');
    expect(countdown('2026-03-01T12:04:00Z', now)).toBe('4 min');
    expect(countdown('2026-03-01T12:00:00Z', now)).toBeNull();
  });

  it("uses the profile's zone, or the browser's when none is chosen", () => {
    expect(viewerTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(viewerTimeZone(null)).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('local days of a zone as instants (time off)', () => {
  it('finds midnight in the zone on both sides of a clock change', () => {
    expect(zonedInstant('2026-03-28', '00:00', 'Europe/London')).toBe('2026-03-28T00:00:00.000Z');
    expect(zonedInstant('2026-03-30', '00:00', 'Europe/London')).toBe('2026-03-29T23:00:00.000Z');
    expect(zonedInstant('2026-11-02', '18:00', 'America/New_York')).toBe(
      '2026-11-02T23:00:00.000Z',
    );
    // 01:30 does not exist in London that night: it is read as after the change.
    expect(zonedInstant('2026-03-29', '01:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('gives the local date of an instant', () => {
    expect(localDate('2026-03-29T23:30:00Z', 'Europe/London')).toBe('2026-03-30');
    expect(localDate('2026-03-29T23:30:00Z', 'America/New_York')).toBe('2026-03-29');
  });
});
