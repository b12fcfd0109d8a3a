import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/Dialog';
import { useAsyncAction } from '../../lib/use-async-action';
import { activeSessionQueryKey, blockUser } from '../listening/listening-api';

/** "Block" in the chat header: confirm, then the chat ends and the two are never matched again. */
export function BlockButton({ userId, pseudonym }: { userId: string; pseudonym: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const blocking = useAsyncAction();
  const [done, setDone] = useState(false);

  const block = () =>
    blocking.run(async () => {
      await blockUser(userId);
      setDone(true);
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
    });

  return (
    <>
      <Button
        variant="ghost"
        className="px-2 sm:px-3"
        aria-haspopup="dialog"
        onClick={() => {
          blocking.setError(null);
          setDone(false);
          setOpen(true);
        }}
      >
        Block<span className="sr-only"> {pseudonym}</span>
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Block ${pseudonym}?`}
        error={blocking.error}
        cancelLabel={done ? 'Close' : 'Cancel'}
        confirm={
          done ? undefined : { label: 'Block', busy: blocking.busy, onClick: () => void block() }
        }
      >
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
      </ConfirmDialog>
    </>
  );
}
