import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { ChatRequestNotifier } from '../../features/listening/ChatRequestNotifier';
import { NoticeBanner } from '../../features/admin/NoticeBanner';
import { NotificationEvents } from '../../features/notifications/NotificationEvents';
import { Toaster } from '../ui/Toaster';
import { Footer } from './Footer';
import { Header } from './Header';
import { SkipLink } from './SkipLink';

const mainId = 'main-content';

/** The page frame: skip link, header, the routed page in <main>, footer and toasts. */
export function AppLayout() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);

  // After an in-app navigation, move focus to the new page so screen readers start there.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink targetId={mainId} />
      <Header />
      <main
        id={mainId}
        ref={mainRef}
        tabIndex={-1}
        className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-6"
      >
        <NoticeBanner />
        <Outlet />
      </main>
      <Footer />
      <Toaster />
      <ChatRequestNotifier />
      <NotificationEvents />
    </div>
  );
}
