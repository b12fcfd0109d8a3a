import { ApiError } from '../../lib/api-error';
import { SERVICE_WORKER_URL } from '../../lib/service-worker';
import { deletePushSubscription, savePushSubscription } from './notifications-api';

/**
 * "Notify me on this device": Web Push through Kindred's service worker (/sw.js), which shows
 * the notifications (it also keeps the app shell for offline use, and never the API). Which
 * account this device's subscription belongs to is remembered here, so that turning it off (or
 * signing out) can tell the server.
 */

const WORKER_URL = SERVICE_WORKER_URL;
const storageKey = 'kindred.notifications.push-device';

interface PushDevice {
  userId: string;
  /** The server's id of the subscription. */
  subscriptionId: string;
  endpoint: string;
}

export class PushProblem extends Error {
  override readonly name = 'PushProblem';
}

export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof window.PushManager === 'function' &&
    typeof window.Notification === 'function'
  );
}

function readDevice(): PushDevice | null {
  try {
    const raw = window.localStorage.getItem(storageKey);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      'userId' in value &&
      typeof value.userId === 'string' &&
      'subscriptionId' in value &&
      typeof value.subscriptionId === 'string' &&
      'endpoint' in value &&
      typeof value.endpoint === 'string'
    ) {
      return {
        userId: value.userId,
        subscriptionId: value.subscriptionId,
        endpoint: value.endpoint,
      };
    }
  } catch {
    // Unreadable: as if nothing was stored.
  }
  return null;
}

function writeDevice(device: PushDevice | null): void {
  try {
    if (device) window.localStorage.setItem(storageKey, JSON.stringify(device));
    else window.localStorage.removeItem(storageKey);
  } catch {
    // Not stored: the server still has the subscription; turning it off again finds it gone.
  }
}

/** The VAPID key as the browser wants it (the server sends URL-safe base64). */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = window.atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

const existingRegistration = () =>
  navigator.serviceWorker.getRegistration('/').catch(() => undefined);

/** True when this device gets Web Push for `userId` right now. */
export async function isPushOn(userId: string): Promise<boolean> {
  if (!pushSupported()) return false;
  const device = readDevice();
  if (device?.userId !== userId || window.Notification.permission !== 'granted') return false;
  const registration = await existingRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  return subscription?.endpoint === device.endpoint;
}

/**
 * Turns Web Push on for this device: asks for permission, registers the service worker,
 * subscribes with the server's key and sends the subscription to the server.
 */
export async function turnPushOn(userId: string, publicKey: string): Promise<void> {
  if (!pushSupported()) {
    throw new PushProblem('This browser cannot show notifications from Kindred when it is closed.');
  }
  const permission =
    window.Notification.permission === 'default'
      ? await window.Notification.requestPermission()
      : window.Notification.permission;
  if (permission === 'denied') {
    throw new PushProblem(
      'Notifications are blocked for Kindred in this browser. Allow them in the site settings (the icon next to the address), then try again.',
    );
  }
  if (permission !== 'granted') {
    throw new PushProblem(
      'To get notifications on this device, choose Allow when your browser asks.',
    );
  }
  let subscription: PushSubscription;
  try {
    await navigator.serviceWorker.register(WORKER_URL, { scope: '/', updateViaCache: 'none' });
    const registration = await navigator.serviceWorker.ready;
    const key = applicationServerKey(publicKey);
    const existing = await registration.pushManager.getSubscription();
    // A subscription made with another key (the server's key changed) cannot be reused.
    if (existing && !sameBytes(existing.options.applicationServerKey, key)) {
      await existing.unsubscribe();
    }
    subscription =
      (existing && sameBytes(existing.options.applicationServerKey, key) ? existing : null) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: key,
      }));
  } catch (error) {
    console.error('Web Push subscription failed', error);
    throw new PushProblem(
      'This browser could not set up notifications for this device. Please try again later.',
    );
  }
  const json = subscription.toJSON();
  const { p256dh, auth } = json.keys ?? {};
  if (!json.endpoint || !p256dh || !auth) {
    throw new PushProblem(
      'This browser gave Kindred an incomplete subscription. Please try again.',
    );
  }
  const { id } = await savePushSubscription({
    endpoint: json.endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh, auth },
  });
  writeDevice({ userId, subscriptionId: id, endpoint: json.endpoint });
}

/**
 * Stops the browser's subscription, so the push service refuses anything sent to it. The worker
 * itself stays: it also keeps Kindred working offline.
 */
async function unsubscribeBrowser(): Promise<void> {
  const registration = await existingRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe().catch(() => false);
}

/** Turns Web Push off for this device: the server forgets it, and so does the browser. */
export async function turnPushOff(userId: string): Promise<void> {
  const device = readDevice();
  if (device?.userId === userId) {
    try {
      await deletePushSubscription(device.subscriptionId);
    } catch (error) {
      // Already gone on the server (expired, or removed elsewhere): nothing left to do there.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
  await unsubscribeBrowser();
  writeDevice(null);
}

/**
 * The session ended on this device (signed out, or expired): pushes for that account must not
 * keep arriving here. The server can no longer be asked, so the browser's subscription is ended,
 * and the push service refuses further pushes to it (the server then forgets it).
 */
export async function forgetPushFor(userId: string): Promise<void> {
  if (!pushSupported() || readDevice()?.userId !== userId) return;
  writeDevice(null);
  await unsubscribeBrowser();
}
