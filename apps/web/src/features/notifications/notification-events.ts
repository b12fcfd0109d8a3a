import {
  notificationEventSchema,
  notificationsReadEventSchema,
  type Notification,
} from '@kindred/protocol';
import { getSocket, parseEvent, useConnectionStore, type ChatSocket } from '../../lib/socket';
import { alertNotification } from './alerts';
import { applyRead, receiveNotification, refreshNotifications } from './notification-actions';

/**
 * The socket events of the notification centre: `notification` (a new one, to every device of
 * the user) and `notifications_read` (read on some device). Every socket the session opens gets
 * these handlers; after a reconnect the lists are fetched again for whatever was missed.
 */

function attach(socket: ChatSocket, onOpen: (notification: Notification) => void): () => void {
  let connectedBefore = socket.connected;
  const onConnect = () => {
    if (connectedBefore) refreshNotifications();
    connectedBefore = true;
  };
  const onNotification = (payload: unknown) => {
    const event = parseEvent(notificationEventSchema, payload, 'notification');
    if (!event) return;
    const { unread_count, ...notification } = event;
    receiveNotification(notification, unread_count);
    if (notification.read_at === null) {
      void alertNotification(notification, () => onOpen(notification));
    }
  };
  const onRead = (payload: unknown) => {
    const event = parseEvent(notificationsReadEventSchema, payload, 'notifications_read');
    if (event) applyRead(event.ids, event.unread_count, new Date().toISOString());
  };
  socket.on('connect', onConnect);
  socket.on('notification', onNotification);
  socket.on('notifications_read', onRead);
  return () => {
    socket.off('connect', onConnect);
    socket.off('notification', onNotification);
    socket.off('notifications_read', onRead);
  };
}

/**
 * Follows the session's socket: the chat engine opens one per sign-in (and the connection
 * status changes as it does), so the handlers move to each new socket. `onOpen` is what
 * clicking a desktop notification does. Returns the stop function.
 */
export function followNotificationEvents(onOpen: (notification: Notification) => void): () => void {
  let socket: ChatSocket | null = null;
  let detach: (() => void) | null = null;
  const follow = () => {
    const current = getSocket();
    if (current === socket) return;
    detach?.();
    detach = null;
    socket = current;
    if (current) detach = attach(current, onOpen);
  };
  follow();
  const unsubscribe = useConnectionStore.subscribe(follow);
  return () => {
    unsubscribe();
    detach?.();
  };
}
