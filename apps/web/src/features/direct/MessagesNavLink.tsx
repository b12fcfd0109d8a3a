import { useQuery } from '@tanstack/react-query';
import { NavLink, type NavLinkProps } from 'react-router';
import { unreadQueryOptions } from './direct-api';
import { badgeText, totalUnread } from './inbox-format';

/** "Messages" in the main navigation, with the number of unread direct messages (live). */
export function MessagesNavLink({ className }: { className: NavLinkProps['className'] }) {
  const { data: conversations } = useQuery(unreadQueryOptions);
  const unread = conversations ? totalUnread(conversations) : 0;
  return (
    <NavLink to="/messages" className={className}>
      Messages
      {unread > 0 && (
        <span className="ml-1.5 inline-flex min-w-6 items-center justify-center rounded-full bg-primary-strong px-1.5 text-sm font-bold text-on-accent">
          <span aria-hidden="true">{badgeText(unread)}</span>
          <span className="sr-only">, {unread} unread</span>
        </span>
      )}
    </NavLink>
  );
}
