/**
 * The one service worker (Web Push and the offline app shell, see sw/sw.js). Registered once the
 * page has loaded, so that it never competes with the first screen for the network.
 */
export const SERVICE_WORKER_URL = '/sw.js';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker
      .register(SERVICE_WORKER_URL, { scope: '/', updateViaCache: 'none' })
      .catch((error: unknown) =>
        console.warn('Kindred could not be made available offline', error),
      );
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
