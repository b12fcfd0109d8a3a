import type { ChatMessage } from '@kindred/protocol';
import { EDIT_WINDOW_MS } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { canDelete, canEdit, formatTime, presenceText } from './format';

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
