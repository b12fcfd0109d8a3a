import type { NotificationChannel, NotificationType } from '@kindred/protocol';

/** Words of the notification centre: times, counts and the names of types and channels. */

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;
const startOfDay = (date: Date) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** "Just now", "5 minutes ago", "2 hours ago", "Yesterday at 14:05", "3 Mar at 09:30". */
export function notificationTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return 'Just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) {
    const hours = Math.floor(minutes / 60);
    return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  }
  if (days === 1) return `Yesterday at ${clock(date)}`;
  const sameYear = date.getFullYear() === now.getFullYear();
  const day = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${day} at ${clock(date)}`;
}

/** The bell's accessible name: "Notifications, 3 unread" (or just "Notifications"). */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
}

/** "3", or "99+" when there are too many to count on a badge. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** Each type's row in the preferences table: its name, and when it is sent. */
export const typeDescriptions: Record<NotificationType, { label: string; hint: string }> = {
  message_request: {
    label: 'Message requests',
    hint: 'Someone you talked with would like to send you messages.',
  },
  request_accepted: {
    label: 'Accepted requests',
    hint: 'A message request you sent was accepted.',
  },
  new_message: {
    label: 'Chat messages',
    hint: 'A new message in a conversation you are not looking at.',
  },
  support_reply: { label: 'Support replies', hint: 'Kindred Support answered you.' },
  chat_request: {
    label: 'Chat requests',
    hint: 'A sharer asks to talk with you (listeners).',
  },
  listener_free: {
    label: 'A listener is free',
    hint: 'You are waiting to talk and have left the page (sharers).',
  },
  listener_approved: {
    label: 'Listener approval',
    hint: 'Your listener application was approved.',
  },
  listener_rejected: {
    label: 'Listener application decisions',
    hint: 'Your listener application was not approved.',
  },
  moderation_notice: {
    label: 'Notes from the Kindred team',
    hint: 'Warnings and notes about how Kindred is used.',
  },
  account_security: {
    label: 'Account security',
    hint: 'Sign-ins and changes to how your account is accessed.',
  },
  appointment_booked: { label: 'Sessions booked', hint: 'A session with you was booked.' },
  appointment_rescheduled: {
    label: 'Sessions moved',
    hint: 'One of your sessions has a new time.',
  },
  appointment_cancelled: {
    label: 'Sessions cancelled',
    hint: 'One of your sessions was cancelled.',
  },
  appointment_reminder: {
    label: 'Session reminders',
    hint: 'One of your sessions starts soon.',
  },
};

export const channelLabels: Record<NotificationChannel, string> = {
  in_app: 'In the app',
  email: 'E-mail',
  push: 'On your devices',
};

/** The time zones this browser knows, with `include` (the saved one) among them. */
export function timeZoneOptions(include: readonly string[]): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set([...zones, ...include.filter(Boolean)]);
  if (!all.has('UTC')) all.add('UTC');
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** The browser's own time zone ("Europe/Berlin"), or UTC when it does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
