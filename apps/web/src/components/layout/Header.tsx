import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { useOutboxStore } from '../../features/conversations/chat-store';
import { MessagesNavLink } from '../../features/direct/MessagesNavLink';
import { useMe } from '../../features/identity/me-query';
import { signOut } from '../../features/identity/session-actions';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { useUnsavedChangesStore } from '../../lib/unsaved-changes';

const navLinkClasses = ({ isActive }: { isActive: boolean }) =>
  `inline-flex min-h-11 items-center rounded-lg px-2 font-semibold sm:px-3 no-underline hover:bg-primary-soft ${
    isActive ? 'bg-primary-soft text-primary-stronger' : 'text-ink'
  }`;

/** Site header: the brand, and for signed-in users the main navigation and Sign out. */
export function Header() {
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const hasUnsavedChanges = useUnsavedChangesStore((state) => state.dirty);
  const unsentMessages = useOutboxStore((state) => state.entries.length);
  const [confirming, setConfirming] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  async function finishSignOut() {
    setConfirming(false);
    setSigningOut(true);
    await signOut(queryClient);
    setSigningOut(false);
    void navigate('/login', { replace: true });
  }

  return (
    <header className="border-b border-line bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2 sm:px-6">
        <Link
          to={me ? '/dashboard' : '/'}
          className="inline-flex min-h-11 items-center gap-2 rounded-lg text-xl font-bold text-primary-strong no-underline"
        >
          <span aria-hidden="true">♥</span>
          Kindred
        </Link>
        {me && (
          <nav aria-label="Main" className="flex flex-wrap items-center gap-0.5 sm:gap-1">
            <NavLink to="/dashboard" className={navLinkClasses}>
              Dashboard
            </NavLink>
            <MessagesNavLink className={navLinkClasses} />
            <NavLink to="/profile" className={navLinkClasses}>
              <span className="mr-2 hidden sm:inline-flex">
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
            <NotificationBell />
            <Button
              variant="ghost"
              className="px-2 sm:px-4"
              busy={signingOut}
              onClick={() =>
                hasUnsavedChanges || unsentMessages > 0 ? setConfirming(true) : void finishSignOut()
              }
            >
              Sign out
            </Button>
          </nav>
        )}
      </div>
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
    </header>
  );
}
