import type { Notification } from '@kindred/protocol';
import type { ComponentProps, ReactNode } from 'react';
import { Button } from '../../components/ui/Button';
import type { ButtonVariant } from '../../components/ui/button-styles';
import { ListStates } from '../../components/ui/ListStates';
import { NotificationItem } from './NotificationItem';

/**
 * "Mark all as read". Never disabled: a disabled button would drop the keyboard focus (out of
 * the bell's panel, say); it only says so while nothing is unread or the marking is under way.
 */
export function MarkAllReadButton({
  unread,
  marking,
  onMarkAll,
  variant,
  className,
}: {
  unread: number;
  marking: boolean;
  onMarkAll: () => Promise<unknown>;
  variant: ButtonVariant;
  /** Extra classes (its size in the panel, say). */
  className?: string;
}) {
  return (
    <Button
      variant={variant}
      className={`${className ? `${className} ` : ''}aria-disabled:cursor-not-allowed aria-disabled:opacity-60`}
      aria-disabled={unread === 0 || marking || undefined}
      onClick={() => void onMarkAll()}
    >
      Mark all as read
    </Button>
  );
}

/**
 * Fetched notifications as a list: loading, failed (a failed refresh keeps what was shown),
 * `empty`, or one item each (`onOpen` is called as one is followed).
 */
export function NotificationList({
  query,
  notifications,
  empty,
  listLabel,
  listClassName,
  onOpen,
}: {
  query: ComponentProps<typeof ListStates>['query'];
  notifications: readonly Notification[];
  empty: ReactNode;
  listLabel: string;
  listClassName: string;
  onOpen?: () => void;
}) {
  return (
    <ListStates
      query={query}
      keepShownOnRefreshError
      loading="Loading notifications…"
      isEmpty={notifications.length === 0}
      empty={empty}
      listLabel={listLabel}
      listClassName={listClassName}
    >
      {notifications.map((notification) => (
        <NotificationItem key={notification.id} notification={notification} onOpen={onOpen} />
      ))}
    </ListStates>
  );
}
