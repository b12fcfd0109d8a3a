// Kindred's service worker: one worker for the whole site (scope /). It does two things:
//
// 1. Web Push: shows pushed notifications and opens what they are about when clicked.
// 2. The app shell offline: the page, its first scripts and styles, the fonts and icons are
//    kept at install; fingerprinted files (/assets/*, which never change) are kept the first time
//    they are fetched. A page opened without a network gets the shell (it says what it can), and
//    a friendly offline page if even that is missing.
//
// It never caches the API, the socket or anything personal: /api, /socket.io and the rest go
// to the network without passing through it (static routes where the browser has them, and the
// fetch handler leaves them alone everywhere).
//
// The build (apps/web/build/service-worker.ts) writes this file to dist/sw.js, with the list of
// files to keep and a version that changes whenever one of them does.

/** @type {ServiceWorkerGlobalScope} */
const worker = /** @type {any} */ (globalThis);

/** @type {string} */
const VERSION = self.__KINDRED_VERSION__;
/** @type {string[]} The shell: '/', the offline page, the first load's scripts, styles, fonts. */
const PRECACHE = self.__KINDRED_PRECACHE__;

const SHELL_CACHE = `kindred-shell-${VERSION}`;
const ASSET_CACHE = 'kindred-assets';
const SHELL_URL = '/';
const OFFLINE_URL = '/offline.html';
/** Fingerprinted files kept at most (older ones are dropped first). */
const MAX_ASSETS = 120;

/** Paths that are never the worker's business: data, realtime, documentation, operations. */
const NETWORK_ONLY = /^\/(api|socket\.io|docs|metrics|healthz|readyz|attachments|uploads)(\/|$)/;

worker.addEventListener('install', (event) => {
  // The browser may skip the worker entirely for these (Chrome's static routing): the API and
  // the socket then never even wait for it to start.
  // Elsewhere the fetch handler below leaves these requests alone anyway.
  if (typeof event.addRoutes === 'function' && typeof URLPattern === 'function') {
    const paths = ['/api/*', '/socket.io/*', '/docs*', '/metrics', '/healthz', '/readyz'];
    event.waitUntil(
      event
        .addRoutes(
          paths.map((pathname) => ({
            condition: { urlPattern: new URLPattern({ pathname }) },
            source: 'network',
          })),
        )
        .catch(() => undefined),
    );
  }
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
      // A new version takes over at once (pages keep working: old fingerprinted files stay in
      // the asset cache until they age out).
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith('kindred-shell-') && name !== SHELL_CACHE)
          .map((name) => caches.delete(name)),
      );
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || NETWORK_ONLY.test(url.pathname)) return;

  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(fingerprinted(request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(fromShell(request));
  }
});

/** Pages: always the network's (fresh) answer; without a network, the kept shell. */
async function navigation(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(SHELL_CACHE);
    const shell = (await cache.match(SHELL_URL)) ?? (await cache.match(OFFLINE_URL));
    if (shell) return shell;
    throw error;
  }
}

/** /assets/*: never change once published, so the kept copy is always right. */
async function fingerprinted(request) {
  const shell = await caches.open(SHELL_CACHE);
  const kept =
    (await shell.match(request)) ?? (await caches.match(request, { cacheName: ASSET_CACHE }));
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    void (async () => {
      const cache = await caches.open(ASSET_CACHE);
      await cache.put(request, copy);
      const keys = await cache.keys();
      await Promise.all(
        keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((k) => cache.delete(k)),
      );
    })();
  }
  return response;
}

/** Icons, manifest, offline page: the network's copy when there is one, else the kept one. */
async function fromShell(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await caches.match(request, { cacheName: SHELL_CACHE });
    if (kept) return kept;
    throw error;
  }
}

// ---- Web Push ----

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

worker.addEventListener('push', (event) => {
  const payload = readPayload(event);
  const title = typeof payload.title === 'string' && payload.title ? payload.title : DEFAULT_TITLE;
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: '/icons/icon-192.png',
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
