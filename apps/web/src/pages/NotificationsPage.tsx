import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../components/ui/Button';
import { FormAlert } from '../components/ui/FormAlert';
import { ListStates } from '../components/ui/ListStates';
import { readAllNotifications } from '../features/notifications/notification-actions';
import { NotificationItem } from '../features/notifications/NotificationItem';
import {
  latestQueryOptions,
  listQueryOptions,
  type NotificationFilter,
} from '../features/notifications/notifications-api';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';

const filters: readonly { key: NotificationFilter; label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'unread', label: 'Unread' },
];

/** /notifications: everything Kindred told you, newest first, all or only the unread ones. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const [params, setParams] = useSearchParams();
  const filter: NotificationFilter = params.get('filter') === 'unread' ? 'unread' : 'all';
  const list = useInfiniteQuery(listQueryOptions(filter));
  const unread = useQuery(latestQueryOptions).data?.unread_count ?? 0;
  const [marking, setMarking] = useState(false);
  const [markError, setMarkError] = useState<string | null>(null);
  const notifications = list.data?.pages.flatMap((page) => page.notifications) ?? [];

  async function markAll() {
    if (unread === 0 || marking) return;
    setMarking(true);
    setMarkError(null);
    try {
      await readAllNotifications();
    } catch (error) {
      setMarkError(errorMessage(error));
    } finally {
      setMarking(false);
    }
  }

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-3xl">Notifications</h1>
          <p className="text-muted">
            <span aria-live="polite">{unread === 0 ? 'Nothing unread.' : `${unread} unread.`}</span>{' '}
            <Link
              to="/settings/notifications"
              className="font-semibold text-primary-strong underline"
            >
              Notification settings
            </Link>
          </p>
        </div>
        {/* Never disabled: a disabled button would drop the keyboard focus. */}
        <Button
          variant="secondary"
          className="aria-disabled:cursor-not-allowed aria-disabled:opacity-60"
          aria-disabled={unread === 0 || marking || undefined}
          onClick={() => void markAll()}
        >
          Mark all as read
        </Button>
      </div>
      <FormAlert message={markError} />
      <div
        role="group"
        aria-label="Show"
        className="inline-flex w-fit rounded-lg border border-line p-1"
      >
        {filters.map((option) => (
          <button
            key={option.key}
            type="button"
            aria-pressed={option.key === filter}
            onClick={() =>
              setParams(option.key === 'all' ? {} : { filter: option.key }, { replace: true })
            }
            className={`inline-flex min-h-11 items-center rounded-md px-4 font-semibold ${
              option.key === filter
                ? 'bg-primary-strong text-on-accent'
                : 'text-ink hover:bg-surface'
            }`}
          >
            {option.label}
          </button>
        ))}
      </div>
      <ListStates
        query={list}
        keepShownOnRefreshError
        loading="Loading notifications…"
        isEmpty={notifications.length === 0}
        empty={
          <p className="rounded-xl border border-line p-6 text-center text-muted">
            {filter === 'unread'
              ? 'You’re all caught up: nothing unread.'
              : 'No notifications yet. Message requests, replies from support and other news will show up here.'}
          </p>
        }
        listLabel={filter === 'unread' ? 'Unread notifications' : 'All notifications'}
        listClassName="flex flex-col gap-1 rounded-xl border border-line p-2"
      >
        {notifications.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} />
        ))}
      </ListStates>
      {list.hasNextPage && (
        // Not disabled while loading, so that the keyboard focus stays on it.
        <Button
          variant="secondary"
          className="self-center"
          aria-disabled={list.isFetchingNextPage || undefined}
          onClick={() => {
            if (!list.isFetchingNextPage) void list.fetchNextPage();
          }}
        >
          {list.isFetchingNextPage ? 'Loading more…' : 'Load more'}
        </Button>
      )}
      {list.isFetchNextPageError && (
        <FormAlert message={`We could not load more. ${errorMessage(list.error)}`} />
      )}
    </div>
  );
}
