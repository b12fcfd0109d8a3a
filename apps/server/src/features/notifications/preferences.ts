import {
  alwaysEmailedTypes,
  criticalNotificationTypes,
  type NotificationChannel,
  type NotificationPreferences,
  type NotificationType,
  notificationTypes,
} from '@kindred/protocol';
import { DateTime } from 'luxon';
import type { NotificationSettingsRow } from '../../db/schema';

type Switches = Record<NotificationChannel, boolean>;

/** The types that are chat messages: their e-mail follows the digest choice. */
export const chatNotificationTypes: readonly NotificationType[] = ['new_message', 'support_reply'];
export const isChatType = (type: string) =>
  (chatNotificationTypes as readonly string[]).includes(type);

/** What a new account gets: everything in the app; e-mail and push for what needs an answer. */
const defaults: Record<NotificationType, Switches> = Object.fromEntries(
  notificationTypes.map((type) => [type, { in_app: true, email: true, push: true }]),
) as Record<NotificationType, Switches>;
// A listener away from the tab hears of a chat request by push; an e-mail would come too late.
defaults.chat_request = { in_app: true, email: false, push: true };

const critical = new Set<string>(criticalNotificationTypes);
const alwaysEmailed = new Set<string>(alwaysEmailedTypes);

/** The settings a user has before changing any. */
export const defaultSettings = (userId: string): NotificationSettingsRow => ({
  userId,
  channels: {},
  quietEnabled: false,
  quietStart: '22:00',
  quietEnd: '07:00',
  timeZone: 'UTC',
  messageEmail: 'hourly',
  emailDisabledAt: null,
  updatedAt: new Date(0),
});

/** The channels of one type for this user, critical ones forced on. */
export function channelsFor(settings: NotificationSettingsRow, type: NotificationType): Switches {
  const chosen = { ...defaults[type], ...settings.channels[type] };
  if (critical.has(type)) chosen.in_app = true;
  if (alwaysEmailed.has(type)) chosen.email = true;
  return chosen;
}

/** The preferences as the API shows them. */
export function toPreferences(settings: NotificationSettingsRow): NotificationPreferences {
  return {
    types: Object.fromEntries(
      notificationTypes.map((t) => [t, channelsFor(settings, t)]),
    ) as NotificationPreferences['types'],
    quiet_hours: {
      enabled: settings.quietEnabled,
      start: settings.quietStart,
      end: settings.quietEnd,
      time_zone: settings.timeZone,
    },
    message_email: settings.messageEmail,
    critical: [...criticalNotificationTypes],
    email_paused: settings.emailDisabledAt !== null,
  };
}

/** True when the zone is one the time-zone database knows (e.g. Europe/London). */
export const isTimeZone = (zone: string) => DateTime.now().setZone(zone).isValid;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When e-mail and push may go out: now, or the end of the user's quiet hours (in their zone,
 * across midnight and daylight-saving changes).
 */
export function quietHoursEnd(settings: NotificationSettingsRow, now: Date): Date | undefined {
  if (!settings.quietEnabled || settings.quietStart === settings.quietEnd) return undefined;
  const local = DateTime.fromJSDate(now).setZone(settings.timeZone);
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(settings.quietStart);
  const end = minutesOf(settings.quietEnd);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  let until = local.set({
    hour: Math.floor(end / 60),
    minute: end % 60,
    second: 0,
    millisecond: 0,
  });
  if (until <= local) until = until.plus({ days: 1 });
  return until.toJSDate();
}

/** The end of the hourly window a chat-message e-mail waits for (the next full hour). */
export function nextDigestWindow(now: Date): Date {
  const hour = 3600 * 1000;
  return new Date(Math.floor(now.getTime() / hour) * hour + hour);
}
