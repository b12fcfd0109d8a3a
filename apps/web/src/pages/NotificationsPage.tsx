import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../components/ui/Button';
import { FormAlert } from '../components/ui/FormAlert';
import { ListSwitch } from '../components/ui/ListSwitch';
import { MarkAllReadButton, NotificationList } from '../features/notifications/NotificationList';
import {
  latestQueryOptions,
  listQueryOptions,
  type NotificationFilter,
} from '../features/notifications/notifications-api';
import { useMarkAllRead } from '../features/notifications/use-mark-all-read';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';
import { PageHeader } from '../components/ui/PageHeader';

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
  const { markAll, marking, markError } = useMarkAllRead(unread);
  const notifications = list.data?.pages.flatMap((page) => page.notifications) ?? [];

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <PageHeader title="Notifications">
          <span aria-live="polite">{unread === 0 ? 'Nothing unread.' : `${unread} unread.`}</span>{' '}
          <Link
            to="/settings/notifications"
            className="font-semibold text-primary-strong underline"
          >
            Notification settings
          </Link>
        </PageHeader>
        <MarkAllReadButton
          variant="secondary"
          unread={unread}
          marking={marking}
          onMarkAll={markAll}
        />
      </div>
      <FormAlert message={markError} />
      <ListSwitch
        label="Show"
        options={filters}
        selected={filter}
        onSelect={(key) => setParams(key === 'all' ? {} : { filter: key }, { replace: true })}
      />
      <NotificationList
        query={list}
        notifications={notifications}
        empty={
          <p className="rounded-xl border border-line p-6 text-center text-muted">
            {filter === 'unread'
              ? 'You’re all caught up: nothing unread.'
              : 'No notifications yet. Message requests, replies from support and other news will show up here.'}
          </p>
        }
        listLabel={filter === 'unread' ? 'Unread notifications' : 'All notifications'}
        listClassName="flex flex-col gap-1 rounded-xl border border-line p-2"
      />
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
