import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useMe } from '../../features/identity/me-query';
import { useSessionStore } from '../../features/identity/session-store';
import { useFullScreenStore, useVisibleHeight } from '../../lib/full-screen';
import { useDrawnAfter } from '../../lib/first-frame';
import { Toaster } from '../ui/Toaster';
import { Footer } from './Footer';
import { Header } from './Header';
import { SkipLink } from './SkipLink';

const mainId = 'main-content';

// Signed-in parts of the frame come in chunks of their own (see SignedInFrame).
const SignedInFrame = lazy(() => import('./SignedInFrame'));
const NoticeBanner = lazy(() =>
  import('../../features/admin/NoticeBanner').then((m) => ({ default: m.NoticeBanner })),
);

/**
 * The page frame: skip link, header, the routed page in <main>, footer and toasts. A chat asks
 * for the whole screen (useFullScreenPage): then the frame is exactly as tall as what is visible
 * (above the on-screen keyboard), the page does not scroll, and on phones the footer steps aside.
 */
export function AppLayout() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);
  const signedIn = useSessionStore((state) => state.user !== null);
  // Once loaded, the signed-in frame stays: it notices when the session ends. It comes a frame
  // after the signed-in page is drawn.
  const signedInAndDrawn = useDrawnAfter(signedIn);
  const [frameNeeded, setFrameNeeded] = useState(false);
  if (signedInAndDrawn && !frameNeeded) setFrameNeeded(true);
  const fullScreen = useFullScreenStore((state) => state.requests > 0);
  // While the session is checked the page is short: a footer drawn now would be pushed down by
  // the page a moment later (a layout shift). It comes with the page.
  const sessionPending = useMe().isPending;
  useVisibleHeight(fullScreen);

  // After an in-app navigation, move focus to the new page so screen readers start there.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div
      className={
        fullScreen
          ? 'flex h-[var(--app-height,100dvh)] flex-col overflow-hidden'
          : 'flex min-h-dvh flex-col'
      }
    >
      <SkipLink targetId={mainId} />
      <Header />
      <main
        id={mainId}
        ref={mainRef}
        tabIndex={-1}
        className={
          fullScreen
            ? 'mx-auto flex min-h-0 w-full max-w-5xl flex-1 flex-col sm:px-6 sm:py-4'
            : 'mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-6'
        }
      >
        {signedIn && frameNeeded && (
          <Suspense fallback={null}>
            <NoticeBanner />
          </Suspense>
        )}
        <Outlet />
      </main>
      {!sessionPending && <Footer compact={fullScreen} />}
      <Toaster />
      {frameNeeded && (
        <Suspense fallback={null}>
          <SignedInFrame />
        </Suspense>
      )}
    </div>
  );
}
