import type { Notification } from '@kindred/protocol';
import { Link } from 'react-router';
import { icon } from '../../components/ui/icons';
import { readNotification } from './notification-actions';
import { notificationPath } from './notification-path';
import { notificationTime } from './format';

/**
 * One notification in a list: a link to what it is about, which marks it read as it opens.
 * Unread ones are tinted, carry a dot, and say "Unread" to screen readers.
 */
export function NotificationItem({
  notification,
  onOpen,
}: {
  notification: Notification;
  /** Called as the link is followed (the dropdown closes). */
  onOpen?: () => void;
}) {
  const unread = notification.read_at === null;
  return (
    <li>
      <Link
        to={notificationPath(notification.link)}
        onClick={() => {
          void readNotification(notification.id, unread);
          onOpen?.();
        }}
        className={`flex gap-3 rounded-lg p-3 text-ink no-underline hover:bg-surface ${
          unread ? 'bg-primary-soft' : ''
        }`}
      >
        <span
          aria-hidden="true"
          className={`mt-2 size-2.5 shrink-0 rounded-full ${unread ? 'bg-primary-strong' : ''}`}
        />
        <span className="flex min-w-0 flex-1 flex-col">
          <span className={unread ? 'font-bold' : 'font-semibold'}>
            {unread && <span className="sr-only">Unread: </span>}
            {notification.title}
          </span>
          <span className="break-words text-muted">{notification.body}</span>
          <time dateTime={notification.created_at} className="text-sm text-muted">
            {notificationTime(notification.created_at)}
          </time>
        </span>
      </Link>
    </li>
  );
}

/** The bell of the header. */
export const BellIcon = icon(
  ['M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'],
  {
    size: 'size-6',
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.8,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
  },
);
