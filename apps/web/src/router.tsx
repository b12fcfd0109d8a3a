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
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType) =>
  async () => ({ Component: pick(await load()) });

const chatPage = page(
  () => import('./pages/ChatPage'),
  (m) => m.ChatPage,
);
const supportPage = page(
  () => import('./pages/SupportPage'),
  (m) => m.SupportPage,
);
const resourceEditorPage = page(
  () => import('./features/resources/ResourceEditorPage'),
  (m) => m.ResourceEditorPage,
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
        lazy: page(
          () => import('./pages/ForgotPasswordPage'),
          (m) => m.ForgotPasswordPage,
        ),
      },
      {
        path: 'reset-password',
        lazy: page(
          () => import('./pages/ResetPasswordPage'),
          (m) => m.ResetPasswordPage,
        ),
      },
      {
        path: 'verify-email',
        lazy: page(
          () => import('./pages/VerifyEmailPage'),
          (m) => m.VerifyEmailPage,
        ),
      },
      {
        path: 'contact',
        lazy: page(
          () => import('./pages/ContactPage'),
          (m) => m.ContactPage,
        ),
      },
      {
        path: 'register',
        lazy: page(
          () => import('./pages/RegisterPage'),
          (m) => m.RegisterPage,
        ),
      },
      {
        element: <RequireAuth />,
        children: [
          {
            path: 'dashboard',
            lazy: page(
              () => import('./pages/DashboardPage'),
              (m) => m.DashboardPage,
            ),
          },
          {
            path: 'profile',
            lazy: page(
              () => import('./pages/ProfilePage'),
              (m) => m.ProfilePage,
            ),
          },
          { path: 'chat/:sessionId', lazy: chatPage },
          { path: 'sharer/chat/:sessionId', lazy: chatPage },
          { path: 'listener/chat/:sessionId', lazy: chatPage },
          {
            path: 'sharer/find-listener',
            lazy: page(
              () => import('./pages/FindListenerPage'),
              (m) => m.FindListenerPage,
            ),
          },
          {
            path: 'listener/queue',
            lazy: page(
              () => import('./pages/ListenerQueuePage'),
              (m) => m.ListenerQueuePage,
            ),
          },
          {
            path: 'listener/apply',
            lazy: page(
              () => import('./pages/BecomeListenerPage'),
              (m) => m.BecomeListenerPage,
            ),
          },
          {
            path: 'listener/availability',
            lazy: page(
              () => import('./features/appointments/AvailabilityPage'),
              (m) => m.AvailabilityPage,
            ),
          },
          {
            path: 'listeners/:id/book',
            lazy: page(
              () => import('./features/appointments/BookPage'),
              (m) => m.BookPage,
            ),
          },
          {
            path: 'appointments',
            lazy: page(
              () => import('./features/appointments/AppointmentsPage'),
              (m) => m.AppointmentsPage,
            ),
          },
          {
            path: 'appointments/:id',
            lazy: page(
              () => import('./features/appointments/AppointmentPage'),
              (m) => m.AppointmentPage,
            ),
          },
          { path: 'support', lazy: supportPage },
          { path: 'support/:ticketId', lazy: supportPage },
          {
            path: 'messages',
            lazy: page(
              () => import('./pages/MessagesPage'),
              (m) => m.MessagesPage,
            ),
          },
          {
            path: 'messages/:conversationId',
            lazy: page(
              () => import('./pages/DirectMessagePage'),
              (m) => m.DirectMessagePage,
            ),
          },
          {
            path: 'notifications',
            lazy: page(
              () => import('./pages/NotificationsPage'),
              (m) => m.NotificationsPage,
            ),
          },
          {
            path: 'settings/notifications',
            lazy: page(
              () => import('./pages/NotificationSettingsPage'),
              (m) => m.NotificationSettingsPage,
            ),
          },
          {
            path: 'library',
            lazy: page(
              () => import('./features/resources/LibraryPage'),
              (m) => m.LibraryPage,
            ),
          },
          { path: 'library/new', lazy: resourceEditorPage },
          {
            path: 'library/mine',
            lazy: page(
              () => import('./features/resources/MyResourcesPage'),
              (m) => m.MyResourcesPage,
            ),
          },
          {
            path: 'library/:resourceId',
            lazy: page(
              () => import('./features/resources/ResourcePage'),
              (m) => m.ResourcePage,
            ),
          },
          { path: 'library/:resourceId/edit', lazy: resourceEditorPage },
          {
            path: 'admin',
            lazy: page(
              () => import('./features/admin/AdminLayout'),
              (m) => m.AdminLayout,
            ),
            children: [
              {
                index: true,
                lazy: page(
                  () => import('./features/admin/AdminDashboard'),
                  (m) => m.AdminDashboard,
                ),
              },
              {
                path: 'users',
                lazy: page(
                  () => import('./features/admin/UsersTab'),
                  (m) => m.UsersTab,
                ),
              },
              {
                path: 'wellbeing',
                lazy: page(
                  () => import('./features/admin/WellbeingTab'),
                  (m) => m.WellbeingTab,
                ),
              },
              {
                path: 'moderation',
                lazy: page(
                  () => import('./features/admin/ModerationTab'),
                  (m) => m.ModerationTab,
                ),
              },
              {
                path: 'listeners',
                lazy: page(
                  () => import('./features/admin/TeamTabs'),
                  (m) => m.ListenersTab,
                ),
              },
              {
                path: 'support',
                lazy: page(
                  () => import('./features/admin/TeamTabs'),
                  (m) => m.SupportTab,
                ),
              },
              {
                path: 'logs',
                lazy: page(
                  () => import('./features/admin/AuditLogTab'),
                  (m) => m.AuditLogTab,
                ),
              },
              {
                path: 'resources',
                lazy: page(
                  () => import('./features/resources/ReviewQueueTab'),
                  (m) => m.ReviewQueueTab,
                ),
              },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
