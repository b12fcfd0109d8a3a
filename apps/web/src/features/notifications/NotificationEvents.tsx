import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useSessionStore } from '../identity/session-store';
import { readNotification } from './notification-actions';
import { followNotificationEvents } from './notification-events';
import { notificationPath } from './notification-path';
import { forgetPushFor } from './push-device';

/** What the push service worker asks of an open tab when a notification is clicked. */
interface OpenMessage {
  type: 'kindred:open-notification';
  id: string;
  link: string;
}

function isOpenMessage(data: unknown): data is OpenMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    data.type === 'kindred:open-notification' &&
    'id' in data &&
    typeof data.id === 'string' &&
    'link' in data &&
    typeof data.link === 'string'
  );
}

/**
 * The notification centre's part of the app frame: keeps the lists current from the socket,
 * opens what a desktop or device notification was about when it is clicked, and stops this
 * device's Web Push when the session here ends.
 */
export function NotificationEvents() {
  const navigate = useNavigate();

  useEffect(
    () =>
      followNotificationEvents((notification) => {
        void readNotification(notification.id, notification.read_at === null);
        void navigate(notificationPath(notification.link));
      }),
    [navigate],
  );

  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    const onMessage = (event: MessageEvent) => {
      if (event.origin && event.origin !== window.location.origin) return;
      if (!isOpenMessage(event.data)) return;
      if (!useSessionStore.getState().user) return;
      // Whether it was unread is not known here: the server's answer sets the count.
      void readNotification(event.data.id, false);
      void navigate(notificationPath(event.data.link));
    };
    container.addEventListener('message', onMessage);
    container.startMessages();
    return () => container.removeEventListener('message', onMessage);
  }, [navigate]);

  useEffect(() => {
    let previous = useSessionStore.getState().user?.id ?? null;
    return useSessionStore.subscribe((state) => {
      const current = state.user?.id ?? null;
      if (previous && current !== previous) void forgetPushFor(previous);
      previous = current;
    });
  }, []);

  return null;
}
