import { useEffect, useState } from 'react';

/**
 * False until `ready` holds and the page has been drawn with it; true from the frame after. For
 * what can follow the page's main content by a frame (the navigation and its bell, the socket,
 * a banner's request) instead of competing with it on a slow phone.
 */
export function useDrawnAfter(ready: boolean): boolean {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (!ready) {
      setDrawn(false);
      return;
    }
    let second = 0;
    const first = window.requestAnimationFrame(() => {
      second = window.requestAnimationFrame(() => setDrawn(true));
    });
    return () => {
      window.cancelAnimationFrame(first);
      window.cancelAnimationFrame(second);
    };
  }, [ready]);
  return ready && drawn;
}

/** True from the frame after the component was first drawn. */
export const useFirstFrameDrawn = (): boolean => useDrawnAfter(true);
