import { createBrowserRouter } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { AdminDashboard } from './features/admin/AdminDashboard';
import { AdminLayout } from './features/admin/AdminLayout';
import { AuditLogTab } from './features/admin/AuditLogTab';
import { ModerationTab } from './features/admin/ModerationTab';
import { ListenersTab, SupportTab } from './features/admin/TeamTabs';
import { UsersTab } from './features/admin/UsersTab';
import { RequireAuth } from './features/identity/RequireAuth';
import { ChatPage } from './pages/ChatPage';
import { DashboardPage } from './pages/DashboardPage';
import { DirectMessagePage } from './pages/DirectMessagePage';
import { ErrorPage } from './pages/ErrorPage';
import { FindListenerPage } from './pages/FindListenerPage';
import { LandingPage } from './pages/LandingPage';
import { BecomeListenerPage } from './pages/BecomeListenerPage';
import { ListenerQueuePage } from './pages/ListenerQueuePage';
import { LoginPage } from './pages/LoginPage';
import { MessagesPage } from './pages/MessagesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { ProfilePage } from './pages/ProfilePage';
import { RegisterPage } from './pages/RegisterPage';
import { SupportPage } from './pages/SupportPage';

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
          { path: 'listener/apply', element: <BecomeListenerPage /> },
          { path: 'support', element: <SupportPage /> },
          { path: 'support/:ticketId', element: <SupportPage /> },
          { path: 'messages', element: <MessagesPage /> },
          { path: 'messages/:conversationId', element: <DirectMessagePage /> },
          { path: 'notifications', element: <NotificationsPage /> },
          { path: 'settings/notifications', element: <NotificationSettingsPage /> },
          {
            path: 'admin',
            element: <AdminLayout />,
            children: [
              { index: true, element: <AdminDashboard /> },
              { path: 'users', element: <UsersTab /> },
              { path: 'moderation', element: <ModerationTab /> },
              { path: 'listeners', element: <ListenersTab /> },
              { path: 'support', element: <SupportTab /> },
              { path: 'logs', element: <AuditLogTab /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
