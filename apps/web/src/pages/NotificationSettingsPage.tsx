import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { LoadError } from '../components/ui/ListStates';
import { LoadingState } from '../components/ui/Spinner';
import { useMe } from '../features/identity/me-query';
import { DeviceSettings } from '../features/notifications/DeviceSettings';
import { EmailPausedNotice } from '../features/notifications/EmailPausedNotice';
import { preferencesQueryOptions } from '../features/notifications/notifications-api';
import { PreferencesForm } from '../features/notifications/PreferencesForm';
import { usePageTitle } from '../lib/use-page-title';
import { PageHeader } from '../components/ui/PageHeader';
import { TitledSection } from '../components/ui/Card';

/** /settings/notifications: this device's alerts, and what Kindred tells you about, where. */
export function NotificationSettingsPage() {
  usePageTitle('Notification settings');
  const { data: me } = useMe();
  const preferences = useQuery(preferencesQueryOptions);
  if (!me) return null;

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-8">
      <PageHeader title="Notification settings">
        Choose how Kindred lets you know about requests, messages and news.{' '}
        <Link to="/notifications" className="font-semibold text-primary-strong underline">
          See your notifications
        </Link>
      </PageHeader>

      {preferences.data ? <EmailPausedNotice preferences={preferences.data} /> : null}

      <TitledSection
        headingId="device-settings-title"
        title="On this device"
        className="flex flex-col gap-2 rounded-xl border border-line bg-white p-4 sm:p-6"
      >
        <p className="text-muted">Remembered on this device only.</p>
        <DeviceSettings userId={me.id} />
      </TitledSection>

      <div className="rounded-xl border border-line bg-white p-4 sm:p-6">
        {preferences.data ? (
          <PreferencesForm preferences={preferences.data} />
        ) : preferences.isError ? (
          <LoadError query={preferences} />
        ) : (
          <LoadingState label="Loading your notification settings…" />
        )}
      </div>
    </div>
  );
}
