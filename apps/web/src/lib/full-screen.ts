import { useEffect } from 'react';
import { create } from 'zustand';
import { listen } from './listen';

interface FullScreenState {
  /** How many mounted pages asked for the whole screen (a chat). */
  requests: number;
}

export const useFullScreenStore = create<FullScreenState>()(() => ({ requests: 0 }));

/**
 * The page is an app screen (a chat): the frame gives it exactly the visible height, above the
 * on-screen keyboard, instead of a document that scrolls. See AppLayout.
 */
export function useFullScreenPage(): void {
  useEffect(() => {
    useFullScreenStore.setState((state) => ({ requests: state.requests + 1 }));
    return () => useFullScreenStore.setState((state) => ({ requests: state.requests - 1 }));
  }, []);
}

/**
 * Keeps `--app-height` on <html> equal to the visible height: the visual viewport shrinks when
 * the on-screen keyboard opens (on browsers where `dvh` does not follow the keyboard).
 */
export function useVisibleHeight(active: boolean): void {
  useEffect(() => {
    const viewport = window.visualViewport;
    const root = document.documentElement;
    if (!active || !viewport) return;
    const update = () => {
      root.style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
      // iOS scrolls the page to show the focused field: keep the frame at the top instead.
      if (viewport.offsetTop > 0 && window.scrollY > 0) window.scrollTo(0, 0);
    };
    update();
    const stop = listen(update, [viewport, 'resize'], [viewport, 'scroll']);
    return () => {
      stop();
      root.style.removeProperty('--app-height');
    };
  }, [active]);
}
