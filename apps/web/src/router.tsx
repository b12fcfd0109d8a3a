import { createBrowserRouter } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { RequireAuth } from './features/session/RequireAuth';
import { ChatPage } from './pages/ChatPage';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { DashboardPage } from './pages/DashboardPage';
import { ErrorPage } from './pages/ErrorPage';
import { LandingPage } from './pages/LandingPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';

/** A data router: needed for useBlocker (the profile page's unsaved-changes warning). */
export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <ErrorPage />,
    children: [
      { index: true, element: <LandingPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: 'dashboard', element: <DashboardPage /> },
          { path: 'profile', element: <ProfilePage /> },
          { path: 'chat/:sessionId', element: <ChatPage /> },
          { path: 'sharer/chat/:sessionId', element: <ChatPage /> },
          { path: 'listener/chat/:sessionId', element: <ChatPage /> },
          {
            path: 'sharer/find-listener',
            element: (
              <ComingSoonPage
                title="Find a listener"
                text="Soon you'll be able to tell us what's on your mind and choose from listeners who are free to talk right now."
              />
            ),
          },
          {
            path: 'listener/queue',
            element: (
              <ComingSoonPage
                title="Listener queue"
                text="Soon you'll see here when a Sharer would like to talk with you, and you'll be able to join their chat."
              />
            ),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
