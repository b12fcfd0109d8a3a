import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { errorMessage } from '../../lib/api-error';
import { activeSessionQueryKey, blockUser } from '../listening/listening-api';

/** "Block" in the chat header: confirm, then the chat ends and the two are never matched again. */
export function BlockButton({ userId, pseudonym }: { userId: string; pseudonym: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function block() {
    setBusy(true);
    setError(null);
    try {
      await blockUser(userId);
      setDone(true);
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        variant="ghost"
        className="px-2 sm:px-3"
        aria-haspopup="dialog"
        onClick={() => {
          setError(null);
          setDone(false);
          setOpen(true);
        }}
      >
        Block<span className="sr-only"> {pseudonym}</span>
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Block ${pseudonym}?`}>
        {done ? (
          <p role="status">
            {pseudonym} is blocked. This chat has ended, and you won't be matched with each other
            again.
          </p>
        ) : (
          <p>
            This ends the chat now. You won't be matched with {pseudonym} again, and they won't be
            able to reach you. They are not told who blocked them.
          </p>
        )}
        {error && (
          <p role="alert" className="font-medium text-danger-text">
            {error}
          </p>
        )}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setOpen(false)} autoFocus>
            {done ? 'Close' : 'Cancel'}
          </Button>
          {!done && (
            <Button variant="danger" busy={busy} onClick={() => void block()}>
              Block
            </Button>
          )}
        </div>
      </Dialog>
    </>
  );
}
