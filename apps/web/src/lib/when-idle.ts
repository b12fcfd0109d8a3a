/**
 * Runs `work` a moment after the page has loaded (`afterMs`), when the browser has time to spare
 * (at the latest `timeoutMs` later): for what a signed-in page needs soon but not for its first
 * screen, such as the socket and the notification centre, so that they do not compete with it
 * on a slow phone. Returns a function that cancels it.
 */
export function whenIdle(work: () => void, afterMs = 1000, timeoutMs = 2000): () => void {
  let cancelled = false;
  let cancelIdle = () => {};
  const schedule = () => {
    if (cancelled) return;
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(() => !cancelled && work(), { timeout: timeoutMs });
      cancelIdle = () => window.cancelIdleCallback(handle);
    } else {
      const timer = window.setTimeout(() => !cancelled && work(), 200);
      cancelIdle = () => window.clearTimeout(timer);
    }
  };
  let delay: number | undefined;
  const afterLoad = () => {
    delay = window.setTimeout(schedule, afterMs);
  };
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener('load', afterLoad);
    window.clearTimeout(delay);
    cancelIdle();
  };
}
