import type { ConversationSummary } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import {
  badgeText,
  inboxTime,
  isMuted,
  mutedText,
  previewText,
  requestErrorText,
  totalUnread,
} from './inbox-format';

const me = '00000000-0000-4000-8000-000000000001';
const them = '00000000-0000-4000-8000-000000000002';
const now = new Date(2026, 2, 12, 15, 30); // Thursday 12 March 2026, 15:30 local time

type Last = NonNullable<ConversationSummary['last_message']>;
const last = (kind: Last['kind'], content: string, sender: string | null = them): Last => ({
  id: '00000000-0000-4000-8000-0000000000aa',
  kind,
  content,
  sender_id: sender,
  created_at: now.toISOString(),
  is_read: null,
});

describe('previewText', () => {
  it.each([
    ['text', 'Hello there', them, 'Hello there'],
    ['text', 'Line one\n\n  line two ', them, 'Line one line two'],
    ['text', 'Thanks!', me, 'You: Thanks!'],
    ['image', '', them, '📷 Photo'],
    ['file', 'report.pdf', them, '📄 File'],
    ['voice', '', me, 'You: 🎤 Voice note'],
    ['resource', '', them, '📚 Shared resource'],
    ['system', 'Message request accepted', me, 'Message request accepted'],
  ] as const)('%s "%s" from %s → %s', (kind, content, sender, expected) => {
    expect(previewText(last(kind, content, sender), me)).toBe(expected);
  });

  it('says so when there is no message yet', () => {
    expect(previewText(null, me)).toBe('No messages yet');
  });
});

describe('totalUnread', () => {
  const inAnHour = new Date(now.getTime() + 3_600_000).toISOString();
  const anHourAgo = new Date(now.getTime() - 3_600_000).toISOString();

  it('adds up unread messages and leaves muted conversations out', () => {
    const list = [
      { unread_count: 2, muted_until: null },
      { unread_count: 5, muted_until: inAnHour },
      { unread_count: 3, muted_until: anHourAgo },
      { unread_count: 0, muted_until: null },
    ];
    expect(totalUnread(list, now)).toBe(5);
  });

  it('is zero for no conversations and ignores nonsense counts', () => {
    expect(totalUnread([], now)).toBe(0);
    expect(totalUnread([{ unread_count: -1, muted_until: null }], now)).toBe(0);
  });

  it('treats a mute as over once its time has passed', () => {
    expect(isMuted({ muted_until: inAnHour }, now)).toBe(true);
    expect(isMuted({ muted_until: anHourAgo }, now)).toBe(false);
    expect(isMuted({ muted_until: null }, now)).toBe(false);
  });
});

describe('badgeText', () => {
  it.each([
    [1, '1'],
    [99, '99'],
    [100, '99+'],
  ])('%i → %s', (count, text) => expect(badgeText(count)).toBe(text));
});

describe('inboxTime', () => {
  it('shows the time today, "Yesterday", then the weekday, then the date', () => {
    expect(inboxTime(new Date(2026, 2, 12, 9, 5).toISOString(), now)).toBe('09:05');
    expect(inboxTime(new Date(2026, 2, 11, 23, 59).toISOString(), now)).toBe('Yesterday');
    const weekday = new Date(2026, 2, 9, 12).toLocaleDateString(undefined, { weekday: 'long' });
    expect(inboxTime(new Date(2026, 2, 9, 12).toISOString(), now)).toBe(weekday);
    const older = new Date(2026, 1, 20, 12);
    expect(inboxTime(older.toISOString(), now)).toBe(
      older.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }),
    );
  });
});

describe('mutedText', () => {
  it('says until when, or just "Muted" for always', () => {
    expect(mutedText(new Date(2026, 2, 12, 23, 30).toISOString(), now)).toBe('Muted until 23:30');
    expect(mutedText(new Date(2026, 2, 19, 15, 30).toISOString(), now)).toMatch(
      /^Muted until .+ 15:30$/,
    );
    expect(mutedText(new Date(2126, 0, 1).toISOString(), now)).toBe('Muted');
  });
});

describe('requestErrorText', () => {
  it.each([
    ['MESSAGE_REQUEST_EXISTS', /already have a pending message request with Sam/],
    ['MESSAGE_REQUEST_NOT_ALLOWED', /Sam can't receive a message request from you/],
    ['USER_BLOCKED', /can't send a message request to Sam/],
    ['CONTENT_TOO_LONG', /250 characters or fewer/],
    ['RATE_LIMITED', /wait a while/],
  ])('%s', (code, expected) => {
    expect(requestErrorText(code, 'server words', 'Sam')).toMatch(expected);
  });

  it('points to the conversation when the two already have one', () => {
    const details = [{ path: 'conversation_id', message: '6d1f…' }];
    expect(requestErrorText('MESSAGE_REQUEST_EXISTS', '', 'Sam', null, details)).toBe(
      'You already have a conversation with Sam: write to them there.',
    );
  });

  it('says how long to wait when the server does', () => {
    expect(requestErrorText('RATE_LIMITED', '', 'Sam', 30)).toMatch(/wait 30 seconds/);
    expect(requestErrorText('RATE_LIMITED', '', 'Sam', 1800)).toMatch(/wait 30 minutes/);
  });

  it("uses the server's message for anything else", () => {
    expect(requestErrorText('VALIDATION_ERROR', 'Write a message first', 'Sam')).toBe(
      'Write a message first',
    );
  });
});
