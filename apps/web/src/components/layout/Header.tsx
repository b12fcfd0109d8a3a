import { lazy, Suspense, useEffect } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../features/identity/me-query';
import { connectNow } from '../../features/conversations/realtime';
import { useDrawnAfter } from '../../lib/first-frame';
import { ThemeToggle } from './ThemeToggle';

// The signed-in navigation (bell, messages, menu) is a chunk of its own: the front page and
// sign-in do not download it.
const MainNav = lazy(() => import('./MainNav'));

/** Site header: the brand, the theme switch, and for signed-in users the main navigation. */
export function Header() {
  const { data: me } = useMe();
  // The page's own content is drawn first; the navigation (and its bell, with their requests)
  // and the socket follow a frame later instead of competing with it.
  const signedInAndDrawn = useDrawnAfter(Boolean(me));
  useEffect(() => {
    if (signedInAndDrawn) connectNow();
  }, [signedInAndDrawn]);
  return (
    <header className="relative z-30 border-b border-line bg-raised">
      <div className="mx-auto flex max-w-5xl flex-nowrap items-center justify-between gap-1 px-3 py-1.5 sm:px-6">
        <Link
          to={me ? '/dashboard' : '/'}
          className="inline-flex min-h-11 shrink-0 items-center gap-2 rounded-lg text-xl font-bold text-primary-strong no-underline"
        >
          <span aria-hidden="true">♥</span>
          Kindred
        </Link>
        <div className="flex min-w-0 items-center gap-1">
          <ThemeToggle />
          {me && signedInAndDrawn && (
            <Suspense fallback={null}>
              <MainNav me={me} />
            </Suspense>
          )}
        </div>
      </div>
    </header>
  );
}
