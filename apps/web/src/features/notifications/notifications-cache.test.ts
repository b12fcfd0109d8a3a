import type { Notification, NotificationsResponse } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import {
  latestWithNew,
  latestWithRead,
  pagesWithNew,
  pagesWithRead,
  withNewest,
  withRead,
  type NotificationPages,
} from './notifications-cache';

const at = '2026-03-12T15:30:00.000Z';
const later = '2026-03-12T15:45:00.000Z';

const note = (n: number, read_at: string | null = null): Notification => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'message_request',
  title: 'New message request',
  body: `Person ${n} would like to send you messages.`,
  link: '/messages?tab=requests',
  created_at: at,
  read_at,
  conversation_id: null,
  request_id: null,
  appointment_id: null,
});

const ids = (list: readonly Notification[]) => list.map((n) => n.id.slice(-2));

describe('withNewest', () => {
  it('puts the new one on top and keeps at most max', () => {
    expect(ids(withNewest([note(2), note(1)], note(3), 2))).toEqual(['03', '02']);
  });

  it('moves a renewed notification (same id) to the top instead of repeating it', () => {
    const renewed = { ...note(1), body: 'Updated' };
    const list = withNewest([note(3), note(2), note(1, at)], renewed);
    expect(ids(list)).toEqual(['01', '03', '02']);
    expect(list[0]).toBe(renewed);
  });
});

describe('withRead', () => {
  it('marks the given ids read, leaving the others and those already read', () => {
    const earlier = '2026-03-01T10:00:00.000Z';
    const list = withRead([note(1), note(2), note(3, earlier)], [note(2).id, note(3).id], later);
    expect(list.map((n) => n.read_at)).toEqual([null, later, earlier]);
  });

  it("marks everything read for 'all'", () => {
    expect(withRead([note(1), note(2)], 'all', later).every((n) => n.read_at === later)).toBe(true);
  });

  it('returns the same list when nothing changed', () => {
    const list = [note(1, at)];
    expect(withRead(list, 'all', later)).toBe(list);
  });
});

describe('the bell list', () => {
  const data: NotificationsResponse = {
    notifications: [note(2), note(1)],
    next_cursor: 'c',
    unread_count: 2,
  };

  it('takes the server count with a new notification', () => {
    const next = latestWithNew(data, note(3), 3, 10);
    expect(ids(next.notifications)).toEqual(['03', '02', '01']);
    expect(next.unread_count).toBe(3);
    expect(next.next_cursor).toBe('c');
  });

  it('takes the server count when some were read', () => {
    const next = latestWithRead(data, [note(1).id], later, 1);
    expect(next.notifications.map((n) => n.read_at)).toEqual([null, later]);
    expect(next.unread_count).toBe(1);
  });
});

describe('the paged list', () => {
  const pages: NotificationPages = {
    pages: [
      { notifications: [note(4), note(3)], next_cursor: 'c1', unread_count: 4 },
      { notifications: [note(2), note(1)], next_cursor: null, unread_count: 4 },
    ],
    pageParams: [null, 'c1'],
  };

  it('puts a new notification on the first page, taking an older copy out of later pages', () => {
    const next = pagesWithNew(pages, { ...note(1), body: 'Again' }, 4);
    expect(next.pages.map((page) => ids(page.notifications))).toEqual([['01', '04', '03'], ['02']]);
    expect(next.pageParams).toEqual([null, 'c1']);
  });

  it('marks read on every page and keeps the read ones where they are', () => {
    const next = pagesWithRead(pages, 'all', later, 0);
    expect(next.pages.flatMap((page) => page.notifications.map((n) => n.read_at))).toEqual([
      later,
      later,
      later,
      later,
    ]);
    expect(next.pages.map((page) => page.unread_count)).toEqual([0, 0]);
  });
});
