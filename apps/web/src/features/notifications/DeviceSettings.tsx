import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Switch } from '../../components/ui/Switch';
import { showToast } from '../../components/ui/toast-store';
import { ApiError, errorMessage } from '../../lib/api-error';
import { askDesktopPermission, desktopPermission, type DesktopPermission } from './alerts';
import { useDeviceSettings } from './device-settings';
import { pushKeyQueryOptions } from './notifications-api';
import { isPushOn, PushProblem, pushSupported, turnPushOff, turnPushOn } from './push-device';
import { playNotificationSound, unlockNotificationSound } from './sound';

const blockedText =
  'Notifications are blocked for Kindred in this browser. Allow them in the site settings (the icon next to the address), then turn this on again.';

/** A setting's note under its switch: why it is off, or why turning it on did not work. */
function Note({ id, children }: { id: string; children: string | null }) {
  return (
    <p id={id} role="status" className="text-sm font-medium text-danger-text empty:hidden">
      {children}
    </p>
  );
}

function DesktopSwitch() {
  const enabled = useDeviceSettings((state) => state.desktop);
  const set = useDeviceSettings((state) => state.set);
  const [permission, setPermission] = useState<DesktopPermission>(desktopPermission);
  const [note, setNote] = useState<string | null>(null);
  const noteId = useId();
  const unsupported = permission === 'unsupported';

  async function change(on: boolean) {
    setNote(null);
    if (!on) return set('desktop', false);
    // The browser is asked only now, when the user turned the switch on.
    const answer = await askDesktopPermission();
    setPermission(answer);
    if (answer === 'granted') return set('desktop', true);
    setNote(
      answer === 'denied'
        ? blockedText
        : 'To get desktop notifications, choose Allow when your browser asks.',
    );
  }

  return (
    <div>
      <Switch
        label="Desktop notifications"
        description={
          unsupported
            ? 'This browser cannot show desktop notifications.'
            : 'While Kindred is open in a background tab. They say what kind of news it is, never who it is from or what they wrote.'
        }
        checked={enabled && permission === 'granted'}
        disabled={unsupported}
        aria-describedby={noteId}
        onChange={(event) => void change(event.target.checked)}
      />
      <Note id={noteId}>{note ?? (enabled && permission === 'denied' ? blockedText : null)}</Note>
    </div>
  );
}

function SoundSwitch() {
  const enabled = useDeviceSettings((state) => state.sound);
  const set = useDeviceSettings((state) => state.set);
  return (
    <Switch
      label="Sound"
      description="A short tone when a notification arrives while Kindred is open."
      checked={enabled}
      onChange={(event) => {
        const on = event.target.checked;
        set('sound', on);
        if (on) {
          // Turning it on is the click that lets the page make sound; play it once to hear it.
          unlockNotificationSound();
          playNotificationSound();
        }
      }}
    />
  );
}

function PushSwitch({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const supported = pushSupported();
  const key = useQuery({ ...pushKeyQueryOptions, enabled: supported });
  const statusKey = ['notifications', 'push-device', userId] as const;
  const status = useQuery({
    queryKey: statusKey,
    queryFn: () => isPushOn(userId),
    enabled: supported,
    staleTime: Infinity,
  });
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const noteId = useId();

  const unavailable = !supported
    ? 'This browser cannot get notifications from Kindred when it is closed.'
    : key.isError
      ? key.error instanceof ApiError && key.error.code === 'PUSH_NOT_CONFIGURED'
        ? 'Notifications on your devices are not available on this Kindred server.'
        : `We could not check whether this device can get notifications. ${errorMessage(key.error)}`
      : null;

  async function change(on: boolean) {
    setBusy(true);
    setNote(null);
    try {
      if (on) {
        if (!key.data) return;
        await turnPushOn(userId, key.data.public_key);
        showToast('This device will get notifications from Kindred');
      } else {
        await turnPushOff(userId);
        showToast('This device will no longer get notifications from Kindred');
      }
      queryClient.setQueryData(statusKey, on);
    } catch (error) {
      setNote(error instanceof PushProblem ? error.message : errorMessage(error));
      void status.refetch();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Switch
        label="Notify me on this device"
        description={
          unavailable ??
          'Even when Kindred is closed. They say what kind of news it is, never who it is from or what they wrote.'
        }
        checked={status.data ?? false}
        disabled={Boolean(unavailable) || busy || status.isPending || key.isPending}
        aria-busy={busy || undefined}
        aria-describedby={noteId}
        onChange={(event) => void change(event.target.checked)}
      />
      <Note id={noteId}>{note}</Note>
    </div>
  );
}

/** The settings of this device: desktop notifications, the sound and Web Push. */
export function DeviceSettings({ userId }: { userId: string }) {
  return (
    <div className="flex flex-col divide-y divide-line">
      <DesktopSwitch />
      <SoundSwitch />
      <PushSwitch userId={userId} />
    </div>
  );
}
