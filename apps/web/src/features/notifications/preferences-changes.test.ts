import { notificationTypes, type NotificationPreferences } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { preferencesChanges } from './preferences-changes';

const saved: NotificationPreferences = {
  types: Object.fromEntries(
    notificationTypes.map((type) => [type, { in_app: true, email: true, push: false }]),
  ) as NotificationPreferences['types'],
  quiet_hours: { enabled: false, start: '22:00', end: '07:00', time_zone: 'UTC' },
  message_email: 'hourly',
  critical: ['moderation_notice', 'account_security'],
  email_paused: false,
};

const edit = (change: (copy: NotificationPreferences) => void) => {
  const copy = structuredClone(saved);
  change(copy);
  return copy;
};

describe('preferencesChanges', () => {
  it('sends nothing when nothing changed', () => {
    expect(preferencesChanges(saved, structuredClone(saved))).toEqual({});
  });

  it('sends only the switches, quiet-hour fields and choice that changed', () => {
    const edited = edit((copy) => {
      copy.types.new_message.email = false;
      copy.types.message_request.push = true;
      copy.quiet_hours.enabled = true;
      copy.quiet_hours.time_zone = 'Europe/Berlin';
      copy.message_email = 'never';
    });
    expect(preferencesChanges(saved, edited)).toEqual({
      types: { new_message: { email: false }, message_request: { push: true } },
      quiet_hours: { enabled: true, time_zone: 'Europe/Berlin' },
      message_email: 'never',
    });
  });

  it('never sends a switch that cannot be turned off', () => {
    const edited = edit((copy) => {
      copy.types.moderation_notice.in_app = false;
      copy.types.account_security.in_app = false;
      copy.types.account_security.email = false;
      copy.types.moderation_notice.email = false;
    });
    expect(preferencesChanges(saved, edited)).toEqual({
      types: { moderation_notice: { email: false } },
    });
  });
});
