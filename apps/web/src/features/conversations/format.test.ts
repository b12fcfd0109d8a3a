import type { ChatMessage } from '@kindred/protocol';
import { EDIT_WINDOW_MS } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { canDelete, canEdit, dayLabel, disappearsText, formatTime, presenceText } from './format';

const local = (h: number, m: number, dayOffset = 0) =>
  new Date(2025, 0, 28 + dayOffset, h, m).toISOString();

describe('formatTime', () => {
  it('shows hours and minutes with two digits', () => {
    expect(formatTime(local(9, 5))).toBe('09:05');
    expect(formatTime(local(15, 31))).toBe('15:31');
  });
});

describe('presenceText', () => {
  const now = new Date(2025, 0, 28, 16, 0);
  it.each([
    [{ online: true, last_active: null }, 'Online'],
    [{ online: false, last_active: null }, 'Offline'],
    [{ online: false, last_active: local(16, 0, 0) }, 'Last seen just now'],
    [{ online: false, last_active: local(15, 59, 0) }, 'Last seen 1 minute ago'],
    [{ online: false, last_active: local(15, 55, 0) }, 'Last seen 5 minutes ago'],
    [{ online: false, last_active: local(9, 5, 0) }, 'Last seen today at 09:05'],
    [{ online: false, last_active: local(22, 10, -1) }, 'Last seen yesterday at 22:10'],
  ])('%o → %s', (member, text) => {
    expect(presenceText(member, now)).toBe(text);
  });
});

describe('edit and delete rules', () => {
  const sentAt = Date.UTC(2025, 0, 28, 12, 0);
  const message = (overrides: Partial<ChatMessage> = {}) =>
    ({
      is_own_message: true,
      kind: 'text',
      deleted_at: null,
      sent_at: new Date(sentAt).toISOString(),
      ...overrides,
    }) as ChatMessage;

  it('allows editing own messages within the window only', () => {
    expect(canEdit(message(), sentAt + EDIT_WINDOW_MS - 1)).toBe(true);
    expect(canEdit(message(), sentAt + EDIT_WINDOW_MS)).toBe(false);
    expect(canEdit(message({ is_own_message: false }), sentAt)).toBe(false);
    expect(canEdit(message({ deleted_at: new Date(sentAt).toISOString() }), sentAt)).toBe(false);
  });

  it('allows deleting own messages that are not deleted yet', () => {
    expect(canDelete(message())).toBe(true);
    expect(canDelete(message({ is_own_message: false }))).toBe(false);
    expect(canDelete(message({ kind: 'system' }))).toBe(false);
  });
});

describe('dayLabel', () => {
  const now = new Date(2025, 0, 28, 16, 0); // a Tuesday
  it.each([
    [local(0, 5), 'Today'],
    [local(23, 59, -1), 'Yesterday'],
    [local(9, 0, -2), 'Sunday'],
    [local(9, 0, -6), 'Wednesday'],
    [local(9, 0, -7), '21 January'],
    [new Date(2024, 11, 31, 12, 0).toISOString(), '31 December 2024'],
  ])('%s → %s', (iso, label) => {
    expect(dayLabel(iso, now)).toBe(label);
  });
});

describe('disappearsText', () => {
  const now = new Date(2025, 0, 28, 16, 0);
  it('says when a listening chat disappears, in words', () => {
    expect(disappearsText(local(23, 40), now)).toBe(
      'This chat and its messages disappear today at 23:40, 24 hours after it started. Nothing is kept.',
    );
    expect(disappearsText(local(8, 15, 1), now)).toMatch(/disappear tomorrow at 08:15,/);
  });

  it('does not promise a time that has passed', () => {
    expect(disappearsText(local(15, 0), now)).toBe(
      'This chat is being deleted, with its messages, as every chat is after 24 hours.',
    );
  });
});
