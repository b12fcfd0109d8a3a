import type { Me } from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { CloseIcon, MenuIcon } from '../ui/icons';
import { useDisclosure } from '../ui/use-disclosure';
import { useOutboxStore } from '../../features/conversations/chat-store';
import { unreadQueryOptions } from '../../features/direct/direct-api';
import { totalUnread } from '../../features/direct/inbox-format';
import { MessagesNavLink } from '../../features/direct/MessagesNavLink';
import { signOut } from '../../features/identity/session-actions';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { useUnsavedChangesStore } from '../../lib/unsaved-changes';

/** Full-width rows in the phone menu; inline tabs from the `lg` breakpoint on. */
const navLinkClasses = ({ isActive }: { isActive: boolean }) =>
  `flex min-h-12 items-center rounded-lg px-3 font-semibold whitespace-nowrap no-underline hover:bg-primary-soft lg:inline-flex lg:min-h-11 lg:px-3 ${
    isActive ? 'bg-primary-soft text-primary-stronger' : 'text-ink'
  }`;

/**
 * The signed-in navigation. On wide screens the links sit in the header; on phones and tablets
 * they fold into a Menu button (the header never wraps), with the bell always in reach. Loaded
 * only once someone is signed in.
 */
export default function MainNav({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const hasUnsavedChanges = useUnsavedChangesStore((state) => state.dirty);
  const unsentMessages = useOutboxStore((state) => state.entries.length);
  const { data: conversations } = useQuery(unreadQueryOptions);
  const unreadMessages = conversations ? totalUnread(conversations) : 0;
  const [confirming, setConfirming] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const menu = useDisclosure();
  const { setOpen: setMenuOpen } = menu;

  // Following a link closes the menu.
  useEffect(() => setMenuOpen(false), [pathname, setMenuOpen]);

  async function finishSignOut() {
    setConfirming(false);
    setSigningOut(true);
    await signOut(queryClient);
    setSigningOut(false);
    void navigate('/login', { replace: true });
  }

  const signOutButton = (className: string) => (
    <Button
      variant="ghost"
      className={className}
      busy={signingOut}
      onClick={() =>
        hasUnsavedChanges || unsentMessages > 0 ? setConfirming(true) : void finishSignOut()
      }
    >
      Sign out
    </Button>
  );

  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      <div ref={menu.wrapperRef} className="order-last lg:order-none" {...menu.wrapperProps}>
        <button
          ref={menu.triggerRef}
          type="button"
          aria-expanded={menu.open}
          aria-controls={menu.panelId}
          onClick={() => (menu.open ? menu.close(false) : menu.setOpen(true))}
          className="relative inline-flex min-h-11 items-center gap-2 rounded-lg px-3 font-semibold text-ink hover:bg-primary-soft lg:hidden"
        >
          {menu.open ? <CloseIcon className="size-5" /> : <MenuIcon className="size-5" />}
          Menu
          {unreadMessages > 0 && !menu.open && (
            <>
              <span
                aria-hidden="true"
                className="absolute top-2 right-1.5 size-2.5 rounded-full bg-primary-strong"
              />
              <span className="sr-only">, new messages</span>
            </>
          )}
        </button>
        <div
          id={menu.panelId}
          className={`${
            menu.open ? 'flex' : 'hidden'
          } absolute inset-x-0 top-full z-40 max-h-[calc(100dvh-4rem)] flex-col gap-1 overflow-y-auto border-b border-line bg-raised p-3 shadow-lg lg:static lg:flex lg:flex-row lg:items-center lg:gap-1 lg:overflow-visible lg:border-0 lg:bg-transparent lg:p-0 lg:shadow-none`}
        >
          <NavLink to="/dashboard" className={navLinkClasses}>
            Dashboard
          </NavLink>
          <MessagesNavLink className={navLinkClasses} />
          <NavLink to="/appointments" className={navLinkClasses}>
            Sessions
          </NavLink>
          <NavLink to="/library" className={navLinkClasses}>
            Library
          </NavLink>
          <NavLink to="/profile" className={navLinkClasses}>
            <span className="mr-2 hidden xl:inline-flex">
              <Avatar
                url={me.profile_picture_url}
                pseudonym={me.pseudonym}
                className="size-7 text-xs"
              />
            </span>
            Profile
          </NavLink>
          <NavLink to="/support" className={navLinkClasses}>
            Support
          </NavLink>
          {me.is_admin && (
            <NavLink to="/admin" className={navLinkClasses}>
              Admin
            </NavLink>
          )}
          {signOutButton('mt-2 w-full justify-start rounded-t-none border-t border-line lg:hidden')}
        </div>
      </div>
      <NotificationBell />
      {signOutButton('px-3 max-lg:hidden')}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={unsentMessages > 0 ? 'Sign out with unsent messages?' : 'Sign out without saving?'}
      >
        {unsentMessages > 0 ? (
          <p>
            {unsentMessages === 1 ? 'One message has' : `${unsentMessages} messages have`} not been
            sent yet. Signing out now removes {unsentMessages === 1 ? 'it' : 'them'} from this
            device.
          </p>
        ) : (
          <p>You have changes that are not saved yet. Signing out now will lose them.</p>
        )}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
            {unsentMessages > 0 ? 'Stay signed in' : 'Keep editing'}
          </Button>
          <Button variant="danger" onClick={() => void finishSignOut()}>
            Sign out anyway
          </Button>
        </div>
      </Dialog>
    </nav>
  );
}
