import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { PageLoading } from './components/layout/PageLoading';
import { RequireAuth } from './features/identity/RequireAuth';
import { ErrorPage } from './pages/ErrorPage';
import { LandingPage } from './pages/LandingPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * A route whose page is a chunk of its own, downloaded on first visit: the front page and sign-in
 * stay in the first download, everything else (chat, messages, admin …) comes when it is opened.
 */
const page =
  <K extends string, M extends Record<K, ComponentType>>(load: () => Promise<M>, name: K) =>
  async () => ({ Component: (await load())[name] });

const chatPage = page(() => import('./pages/ChatPage'), 'ChatPage');
const supportPage = page(() => import('./pages/SupportPage'), 'SupportPage');
const resourceEditorPage = page(
  () => import('./features/resources/ResourceEditorPage'),
  'ResourceEditorPage',
);

/** A data router: needed for useBlocker (the profile page's unsaved-changes warning). */
export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <ErrorPage />,
    hydrateFallbackElement: <PageLoading />,
    children: [
      { index: true, element: <LandingPage /> },
      { path: 'login', element: <LoginPage /> },
      {
        path: 'forgot-password',
        lazy: page(() => import('./pages/ForgotPasswordPage'), 'ForgotPasswordPage'),
      },
      {
        path: 'reset-password',
        lazy: page(() => import('./pages/ResetPasswordPage'), 'ResetPasswordPage'),
      },
      {
        path: 'verify-email',
        lazy: page(() => import('./pages/VerifyEmailPage'), 'VerifyEmailPage'),
      },
      { path: 'contact', lazy: page(() => import('./pages/ContactPage'), 'ContactPage') },
      { path: 'register', lazy: page(() => import('./pages/RegisterPage'), 'RegisterPage') },
      {
        element: <RequireAuth />,
        children: [
          { path: 'dashboard', lazy: page(() => import('./pages/DashboardPage'), 'DashboardPage') },
          { path: 'profile', lazy: page(() => import('./pages/ProfilePage'), 'ProfilePage') },
          { path: 'chat/:sessionId', lazy: chatPage },
          { path: 'sharer/chat/:sessionId', lazy: chatPage },
          { path: 'listener/chat/:sessionId', lazy: chatPage },
          {
            path: 'sharer/find-listener',
            lazy: page(() => import('./pages/FindListenerPage'), 'FindListenerPage'),
          },
          {
            path: 'listener/queue',
            lazy: page(() => import('./pages/ListenerQueuePage'), 'ListenerQueuePage'),
          },
          {
            path: 'listener/apply',
            lazy: page(() => import('./pages/BecomeListenerPage'), 'BecomeListenerPage'),
          },
          {
            path: 'listener/availability',
            lazy: page(
              () => import('./features/appointments/AvailabilityPage'),
              'AvailabilityPage',
            ),
          },
          {
            path: 'listeners/:id/book',
            lazy: page(() => import('./features/appointments/BookPage'), 'BookPage'),
          },
          {
            path: 'appointments',
            lazy: page(
              () => import('./features/appointments/AppointmentsPage'),
              'AppointmentsPage',
            ),
          },
          {
            path: 'appointments/:id',
            lazy: page(() => import('./features/appointments/AppointmentPage'), 'AppointmentPage'),
          },
          { path: 'support', lazy: supportPage },
          { path: 'support/:ticketId', lazy: supportPage },
          { path: 'messages', lazy: page(() => import('./pages/MessagesPage'), 'MessagesPage') },
          {
            path: 'messages/:conversationId',
            lazy: page(() => import('./pages/DirectMessagePage'), 'DirectMessagePage'),
          },
          {
            path: 'notifications',
            lazy: page(() => import('./pages/NotificationsPage'), 'NotificationsPage'),
          },
          {
            path: 'settings/notifications',
            lazy: page(
              () => import('./pages/NotificationSettingsPage'),
              'NotificationSettingsPage',
            ),
          },
          {
            path: 'library',
            lazy: page(() => import('./features/resources/LibraryPage'), 'LibraryPage'),
          },
          { path: 'library/new', lazy: resourceEditorPage },
          {
            path: 'library/mine',
            lazy: page(() => import('./features/resources/MyResourcesPage'), 'MyResourcesPage'),
          },
          {
            path: 'library/:resourceId',
            lazy: page(() => import('./features/resources/ResourcePage'), 'ResourcePage'),
          },
          { path: 'library/:resourceId/edit', lazy: resourceEditorPage },
          {
            path: 'admin',
            lazy: page(() => import('./features/admin/AdminLayout'), 'AdminLayout'),
            children: [
              {
                index: true,
                lazy: page(() => import('./features/admin/AdminDashboard'), 'AdminDashboard'),
              },
              { path: 'users', lazy: page(() => import('./features/admin/UsersTab'), 'UsersTab') },
              {
                path: 'wellbeing',
                lazy: page(() => import('./features/admin/WellbeingTab'), 'WellbeingTab'),
              },
              {
                path: 'moderation',
                lazy: page(() => import('./features/admin/ModerationTab'), 'ModerationTab'),
              },
              {
                path: 'listeners',
                lazy: page(() => import('./features/admin/TeamTabs'), 'ListenersTab'),
              },
              {
                path: 'support',
                lazy: page(() => import('./features/admin/TeamTabs'), 'SupportTab'),
              },
              {
                path: 'logs',
                lazy: page(() => import('./features/admin/AuditLogTab'), 'AuditLogTab'),
              },
              {
                path: 'resources',
                lazy: page(() => import('./features/resources/ReviewQueueTab'), 'ReviewQueueTab'),
              },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
