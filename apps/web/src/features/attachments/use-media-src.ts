import { useCallback, useRef, useState } from 'react';
import { refreshAccessToken } from '../../lib/api';

/** Between two retries of one file, at least this long: a file that is really gone stays broken. */
const RETRY_GAP_MS = 10_000;

/**
 * The `src` of a picture or voice note, and the `onError` to give its element. Media load with
 * the access cookie, which lapses after 15 minutes without an API call; when a load fails the
 * session is refreshed and the file asked for again (under a new URL, so nothing cached answers).
 */
export function useMediaSrc(url: string): { src: string; onError: () => void } {
  const [attempt, setAttempt] = useState(0);
  const lastRetry = useRef(0);
  const onError = useCallback(() => {
    const now = Date.now();
    if (now - lastRetry.current < RETRY_GAP_MS) return;
    lastRetry.current = now;
    void refreshAccessToken().then((refreshed) => {
      if (refreshed) setAttempt((n) => n + 1);
    });
  }, []);
  const src = attempt === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}retry=${attempt}`;
  return { src, onError };
}
