import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useDisclosure } from '../../components/ui/use-disclosure';
import { Link } from 'react-router';
import { FormAlert } from '../../components/ui/FormAlert';
import { useTitleCount } from '../../lib/use-page-title';
import { badgeText, bellLabel } from './format';
import { BellIcon } from './NotificationItem';
import { MarkAllReadButton, NotificationList } from './NotificationList';
import { latestQueryOptions } from './notifications-api';
import { useMarkAllRead } from './use-mark-all-read';

const footerLinkClasses =
  'inline-flex min-h-11 items-center rounded-lg px-2 font-semibold text-primary-strong underline hover:bg-primary-soft';

/**
 * The header's bell: the unread count (also in the tab's title) and, when opened, the newest
 * notifications with "Mark all as read" and the way to all of them and to the settings. A
 * disclosure: Escape, a click outside or tabbing away closes it.
 */
export function NotificationBell() {
  const latest = useQuery(latestQueryOptions);
  const unread = latest.data?.unread_count ?? 0;
  const { markAll, marking, markError, clearMarkError } = useMarkAllRead(unread);
  const titleId = useId();
  const { open, setOpen, close, panelId, wrapperRef, triggerRef, wrapperProps } = useDisclosure({
    onClose: clearMarkError,
  });
  useTitleCount(unread);

  const notifications = latest.data?.notifications ?? [];

  return (
    <div ref={wrapperRef} className="relative inline-flex" {...wrapperProps}>
      <button
        ref={triggerRef}
        type="button"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => {
          if (open) return close(false);
          setOpen(true);
          if (latest.isError) void latest.refetch();
        }}
        className={`relative inline-flex size-11 items-center justify-center rounded-lg hover:bg-primary-soft ${
          open ? 'bg-primary-soft text-primary-stronger' : 'text-ink'
        }`}
      >
        <BellIcon />
        {unread > 0 && (
          <span
            aria-hidden="true"
            className="absolute top-0.5 right-0 inline-flex min-w-5 items-center justify-center rounded-full bg-primary-strong px-1 text-xs leading-5 font-bold text-on-accent"
          >
            {badgeText(unread)}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="group"
          aria-labelledby={titleId}
          className="fixed inset-x-2 top-16 z-30 flex max-h-[min(36rem,calc(100dvh-5rem))] flex-col rounded-xl border border-line bg-raised shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-1 sm:w-96"
        >
          <div className="flex items-center justify-between gap-2 border-b border-line py-1 pr-1 pl-4">
            <p id={titleId} className="font-bold">
              Notifications
            </p>
            <MarkAllReadButton
              variant="ghost"
              className="px-3 text-sm"
              unread={unread}
              marking={marking}
              onMarkAll={markAll}
            />
          </div>
          <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-2">
            <FormAlert message={markError} />
            <NotificationList
              query={latest}
              notifications={notifications}
              empty={
                <p className="px-2 py-6 text-center text-muted">
                  You’re all caught up. New notifications will show up here.
                </p>
              }
              listLabel="Latest notifications"
              listClassName="flex flex-col gap-1"
              onOpen={() => close(false)}
            />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-1 border-t border-line p-1">
            <Link to="/notifications" className={footerLinkClasses} onClick={() => close(false)}>
              See all notifications
            </Link>
            <Link
              to="/settings/notifications"
              className={footerLinkClasses}
              onClick={() => close(false)}
            >
              Notification settings
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
