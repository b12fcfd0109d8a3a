import {
  alwaysEmailedTypes,
  notificationChannels,
  notificationTypes,
  type NotificationPreferences,
  type UpdateNotificationPreferences,
} from '@kindred/protocol';

type Editable = Omit<NotificationPreferences, 'critical' | 'email_paused'>;

/**
 * What to send to PUT /notifications/preferences: only what differs from what the server has,
 * and never a switch that cannot be changed (a critical type in the app, an always-e-mailed type).
 */
export function preferencesChanges(
  saved: NotificationPreferences,
  edited: Editable,
): UpdateNotificationPreferences {
  const changes: UpdateNotificationPreferences = {};
  const types: NonNullable<UpdateNotificationPreferences['types']> = {};
  for (const type of notificationTypes) {
    const before = saved.types[type];
    const after = edited.types[type];
    if (!before || !after) continue;
    for (const channel of notificationChannels) {
      if (channel === 'in_app' && saved.critical.includes(type)) continue;
      if (channel === 'email' && (alwaysEmailedTypes as readonly string[]).includes(type)) continue;
      if (before[channel] !== after[channel])
        types[type] = { ...types[type], [channel]: after[channel] };
    }
  }
  if (Object.keys(types).length > 0) changes.types = types;

  const quiet: NonNullable<UpdateNotificationPreferences['quiet_hours']> = {};
  for (const key of ['enabled', 'start', 'end', 'time_zone'] as const) {
    if (saved.quiet_hours[key] !== edited.quiet_hours[key]) {
      Object.assign(quiet, { [key]: edited.quiet_hours[key] });
    }
  }
  if (Object.keys(quiet).length > 0) changes.quiet_hours = quiet;

  if (saved.message_email !== edited.message_email) changes.message_email = edited.message_email;
  return changes;
}
