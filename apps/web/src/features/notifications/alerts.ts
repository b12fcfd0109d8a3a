import type { Notification } from '@kindred/protocol';
import { useDeviceSettings } from './device-settings';
import { playNotificationSound } from './sound';

/**
 * Desktop notifications and the sound, for a notification that arrives while Kindred is open.
 * Every open tab hears of it; one of them alerts, the others stay quiet.
 */

export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof window.Notification === 'function' ? window.Notification.permission : 'unsupported';
}

/** Asks the browser for permission (only ever after the user turned the switch on). */
export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (typeof window.Notification !== 'function') return 'unsupported';
  if (window.Notification.permission !== 'default') return window.Notification.permission;
  try {
    return await window.Notification.requestPermission();
  } catch {
    return window.Notification.permission;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

/** How long a tab holds a notification it alerted for, so that slower tabs find it taken. */
const CLAIM_MS = 5000;
/** A tab in the background lets a visible one claim first: whoever looks at Kindred hears it. */
const BACKGROUND_WAIT_MS = 250;

/** True for the one tab (of this browser) that alerts for this notification. */
async function claim(id: string, visible: boolean): Promise<boolean> {
  if (!('locks' in navigator)) return true;
  if (!visible) await delay(BACKGROUND_WAIT_MS);
  return new Promise<boolean>((resolve) => {
    navigator.locks
      .request(`kindred-notification-alert:${id}`, { ifAvailable: true }, async (lock) => {
        resolve(lock !== null);
        if (lock) await delay(CLAIM_MS);
      })
      .catch(() => resolve(true));
  });
}

/**
 * Shows a desktop notification. Discreet, as on a lock screen: only the title, which says what
 * kind of news it is ("New message request") and never who sent it or what they wrote. The
 * notification's id is its tag, so a Web Push for the same notification replaces it.
 */
function showDesktop(notification: Notification, onOpen: () => void): void {
  try {
    const shown = new window.Notification(notification.title, {
      tag: notification.id,
      icon: '/favicon.svg',
    });
    shown.onclick = () => {
      window.focus();
      shown.close();
      onOpen();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the bell still shows it.
  }
}

/** Alerts for a new notification as this device's settings say. */
export async function alertNotification(
  notification: Notification,
  onOpen: () => void,
): Promise<void> {
  const { desktop, sound } = useDeviceSettings.getState();
  const wantsDesktop = desktop && desktopPermission() === 'granted';
  // A chat request has its own sound, chosen on the listener's queue page.
  const wantsSound = sound && notification.type !== 'chat_request';
  if (!wantsDesktop && !wantsSound) return;
  if (!(await claim(notification.id, document.visibilityState === 'visible'))) return;
  if (wantsSound) playNotificationSound();
  if (wantsDesktop && document.visibilityState === 'hidden') showDesktop(notification, onOpen);
}
