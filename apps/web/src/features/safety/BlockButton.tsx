import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ConfirmDialog, DialogButton } from '../../components/ui/Dialog';
import { useAsyncAction } from '../../lib/use-async-action';
import { activeSessionQueryKey, blockUser } from '../listening/listening-api';

/** "Block {pseudonym}?": confirm, then the chat ends and the two are never matched again. */
export function BlockDialog({
  userId,
  pseudonym,
  open,
  onClose,
}: {
  userId: string;
  pseudonym: string;
  open: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const blocking = useAsyncAction();
  const [done, setDone] = useState(false);
  const { setError } = blocking;

  // Each opening starts afresh.
  useEffect(() => {
    if (!open) return;
    setError(null);
    setDone(false);
  }, [open, setError]);

  const block = () =>
    blocking.run(async () => {
      await blockUser(userId);
      setDone(true);
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
    });

  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
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
  );
}

/** "Block" in the chat header, with its confirmation. */
export function BlockButton({
  userId,
  pseudonym,
  className = 'px-2 sm:px-3',
}: {
  userId: string;
  pseudonym: string;
  className?: string;
}) {
  return (
    <DialogButton
      variant="ghost"
      className={className}
      dialog={(open, close) => (
        <BlockDialog userId={userId} pseudonym={pseudonym} open={open} onClose={close} />
      )}
    >
      Block<span className="sr-only"> {pseudonym}</span>
    </DialogButton>
  );
}
