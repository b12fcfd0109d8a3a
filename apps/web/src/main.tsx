import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { startRealtime } from './features/conversations/realtime';
import { useSuspendedStore } from './features/identity/suspended-store';
import { meQueryOptions } from './features/identity/me-query';
import { clearSession } from './features/identity/session-actions';
import './index.css';
import { setAccountBannedHandler, setSessionExpiredHandler } from './lib/api';
import { queryClient } from './lib/query-client';
import { loginPathFor } from './lib/safe-redirect';
import { registerServiceWorker } from './lib/service-worker';
import { startTheme } from './lib/theme';
import { router } from './router';

// A call failed with 401 even after refreshing: the session is over. Forget the user and ask
// them to sign in again, coming back to the page they were on.
setSessionExpiredHandler(() => {
  clearSession(queryClient);
  const { location } = router.state;
  if (location.pathname !== '/login')
    void router.navigate(loginPathFor(location), { replace: true });
});

// The account was suspended (socket event, or any call answered 403 ACCOUNT_BANNED): sign out
// on this page and let the sign-in page say why.
setAccountBannedHandler(() => {
  useSuspendedStore.getState().set(true);
  clearSession(queryClient);
  if (router.state.location.pathname !== '/login')
    void router.navigate('/login', { replace: true });
});

startTheme();
startRealtime();
registerServiceWorker();
// Who is signed in decides the first screen (every page asks): ask at once, while React starts.
void queryClient.prefetchQuery(meQueryOptions);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
