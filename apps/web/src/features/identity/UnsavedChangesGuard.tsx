import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { useUnsavedChangesStore } from '../../lib/unsaved-changes';
import { useSessionStore } from './session-store';

/**
 * Warns before edits are lost: an in-app dialog for router navigation, the browser's own prompt
 * for reloads and closing the tab. Signing out or an expired session is never held up by it.
 */
export function UnsavedChangesGuard({ dirty }: { dirty: boolean }) {
  const setDirty = useUnsavedChangesStore((state) => state.setDirty);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      currentLocation.pathname !== nextLocation.pathname &&
      useSessionStore.getState().user !== null,
  );

  useEffect(() => {
    setDirty(dirty);
    return () => setDirty(false);
  }, [dirty, setDirty]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers only show the prompt when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const blocked = blocker.state === 'blocked';
  return (
    <Dialog open={blocked} onClose={() => blocker.reset?.()} title="Leave without saving?">
      <p>
        You have changes to your profile that are not saved yet. If you leave now, they will be
        lost.
      </p>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={() => blocker.reset?.()} autoFocus>
          Stay on this page
        </Button>
        <Button variant="danger" onClick={() => blocker.proceed?.()}>
          Leave without saving
        </Button>
      </div>
    </Dialog>
  );
}
