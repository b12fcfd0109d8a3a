import { EDIT_WINDOW_MS, type ChatMessage, type Member } from '@kindred/protocol';

const pad = (n: number) => String(n).padStart(2, '0');

/** "15:31" in the viewer's time zone (the listening contract: HH:MM under each message). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() &&
  a.getMonth() === b.getMonth() &&
  a.getDate() === b.getDate();

/** "Online", or when the member was last seen, for the chat header. */
export function presenceText(member: Pick<Member, 'online' | 'last_active'>, now = new Date()) {
  if (member.online) return 'Online';
  if (!member.last_active) return 'Offline';
  const seen = new Date(member.last_active);
  const minutes = Math.floor((now.getTime() - seen.getTime()) / 60_000);
  if (minutes < 1) return 'Last seen just now';
  if (minutes < 60) return `Last seen ${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  if (sameDay(seen, now)) return `Last seen today at ${formatTime(member.last_active)}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(seen, yesterday)) return `Last seen yesterday at ${formatTime(member.last_active)}`;
  return `Last seen ${seen.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
}

/** Own text messages can be edited for EDIT_WINDOW_MS after sending. */
export function canEdit(message: ChatMessage, now = Date.now()): boolean {
  return (
    message.is_own_message &&
    message.kind === 'text' &&
    !message.deleted_at &&
    now - new Date(message.sent_at).getTime() < EDIT_WINDOW_MS
  );
}

export function canDelete(message: ChatMessage): boolean {
  return message.is_own_message && message.kind === 'text' && !message.deleted_at;
}

/** Only links a crisis card may open: the web, phone and text message. */
export function safeActionUrl(url: string): string | null {
  try {
    const parsed = new URL(url, window.location.origin);
    return ['https:', 'http:', 'tel:', 'sms:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

const dayStart = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
const daysBetween = (earlier: Date, later: Date) =>
  Math.round((dayStart(later).getTime() - dayStart(earlier).getTime()) / 86_400_000);

/** True when the two times fall on the same calendar day where the viewer is. */
export function onSameDay(a: string | Date, b: string | Date): boolean {
  return sameDay(new Date(a), new Date(b));
}

/**
 * A date separator in a chat: "Today", "Yesterday", the weekday within the last week, then
 * "3 March" (with the year when it is not this year).
 */
export function dayLabel(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return date.toLocaleDateString('en-GB', { weekday: 'long' });
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/**
 * The quiet line at the top of a listening chat: when it and its messages are deleted, as
 * "today at 23:40", "tomorrow at 08:15" or a date.
 */
export function disappearsText(expiresAt: string, now = new Date()): string {
  const date = new Date(expiresAt);
  if (date.getTime() <= now.getTime()) {
    return 'This chat is being deleted, with its messages, as every chat is after 24 hours.';
  }
  const days = daysBetween(now, date);
  const when =
    days === 0
      ? `today at ${formatTime(expiresAt)}`
      : days === 1
        ? `tomorrow at ${formatTime(expiresAt)}`
        : `on ${dayLabel(expiresAt, now)} at ${formatTime(expiresAt)}`;
  return `This chat and its messages disappear ${when}, 24 hours after it started. Nothing is kept.`;
}

/** Messages from one person within this long of each other are shown as one group. */
export const GROUP_WINDOW_MS = 5 * 60_000;
