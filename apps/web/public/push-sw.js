// Kindred's notification service worker. It does one thing: show Web Push notifications and open
// what they are about when clicked. It caches nothing and has no fetch handler, so every request
// of the app goes to the network exactly as without it.

/** @type {ServiceWorkerGlobalScope} */
const worker = /** @type {any} */ (globalThis);

const DEFAULT_TITLE = 'Kindred';
const DEFAULT_LINK = '/notifications';

/** An in-app path (never another site); anything else opens the notifications page. */
function inAppPath(link) {
  if (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//')) {
    return DEFAULT_LINK;
  }
  try {
    const url = new URL(link, worker.location.origin);
    return url.origin === worker.location.origin
      ? `${url.pathname}${url.search}${url.hash}`
      : DEFAULT_LINK;
  } catch {
    return DEFAULT_LINK;
  }
}

function readPayload(event) {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return typeof data === 'object' && data !== null ? data : {};
  } catch {
    return { body: event.data.text() };
  }
}

worker.addEventListener('install', () => {
  // Nothing to prepare: take over from an older version at once.
  worker.skipWaiting();
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(worker.clients.claim());
});

worker.addEventListener('push', (event) => {
  const payload = readPayload(event);
  const title = typeof payload.title === 'string' && payload.title ? payload.title : DEFAULT_TITLE;
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: '/favicon.svg',
    // The notification's id: the same notification pushed twice (or also shown by an open tab)
    // appears once.
    tag: typeof payload.tag === 'string' && payload.tag ? payload.tag : undefined,
    data: {
      link: inAppPath(payload.link),
      id: typeof payload.tag === 'string' ? payload.tag : null,
    },
  };
  event.waitUntil(worker.registration.showNotification(title, options));
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data ?? {};
  const link = inAppPath(data.link);
  const id = typeof data.id === 'string' ? data.id : null;
  event.waitUntil(openKindred(link, id));
});

/**
 * Focuses an open Kindred tab and asks it to open the link (it marks the notification read and
 * navigates without reloading); opens a new tab when there is none.
 */
async function openKindred(link, id) {
  const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const url = new URL(link, worker.location.origin).href;
  const tab = windows.find((client) => client.url === url) ?? windows[0];
  if (tab) {
    await tab.focus();
    if (id) tab.postMessage({ type: 'kindred:open-notification', id, link });
    else if (tab.url !== url && 'navigate' in tab) await tab.navigate(url).catch(() => undefined);
    return;
  }
  await worker.clients.openWindow(url);
  // The new tab cannot be told which notification it opened: mark it read from here. Best
  // effort: with an expired session it simply stays unread.
  if (id) {
    await fetch(`/api/v1/notifications/${encodeURIComponent(id)}/read`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    }).catch(() => undefined);
  }
}
