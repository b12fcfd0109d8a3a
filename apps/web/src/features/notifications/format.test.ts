import { describe, expect, it } from 'vitest';
import { badgeText, bellLabel, notificationTime, timeZoneOptions } from './format';

const now = new Date(2026, 2, 12, 15, 30); // Thursday 12 March 2026, 15:30 local time
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe('notificationTime', () => {
  it.each([
    [0, 'Just now'],
    [1, '1 minute ago'],
    [59, '59 minutes ago'],
    [60, '1 hour ago'],
    [15 * 60, '15 hours ago'],
  ])('%i minutes ago reads "%s"', (minutes, text) => {
    expect(notificationTime(ago(minutes), now)).toBe(text);
  });

  it('names yesterday and older days with their time', () => {
    expect(notificationTime(new Date(2026, 2, 11, 9, 5).toISOString(), now)).toBe(
      'Yesterday at 09:05',
    );
    expect(notificationTime(new Date(2026, 2, 3, 18, 40).toISOString(), now)).toBe(
      '3 Mar at 18:40',
    );
    expect(notificationTime(new Date(2025, 11, 24, 8, 0).toISOString(), now)).toBe(
      '24 Dec 2025 at 08:00',
    );
  });
});

describe('the bell', () => {
  it('says how many are unread in its name', () => {
    expect(bellLabel(0)).toBe('Notifications');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
  });

  it('caps the badge at 99+', () => {
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});

describe('timeZoneOptions', () => {
  it('lists the known zones sorted, with the saved one and UTC among them', () => {
    const zones = timeZoneOptions(['Europe/Berlin', 'Mars/Olympus_Mons']);
    expect(zones).toContain('Europe/Berlin');
    expect(zones).toContain('Mars/Olympus_Mons');
    expect(zones).toContain('UTC');
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
  });
});
