import { EDIT_WINDOW_MS, type ChatMessage, type Member } from '@kindred/protocol';

const pad = (n: number) => String(n).padStart(2, '0');

/** "15:31" in the viewer's time zone (seed 000: HH:MM under each message). */
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
