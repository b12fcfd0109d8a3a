import { createBrowserRouter } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { RequireAuth } from './features/session/RequireAuth';
import { ChatPage } from './pages/ChatPage';
import { DashboardPage } from './pages/DashboardPage';
import { ErrorPage } from './pages/ErrorPage';
import { FindListenerPage } from './pages/FindListenerPage';
import { LandingPage } from './pages/LandingPage';
import { ListenerQueuePage } from './pages/ListenerQueuePage';
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
          { path: 'sharer/find-listener', element: <FindListenerPage /> },
          { path: 'listener/queue', element: <ListenerQueuePage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
