import { limits } from '@kindred/protocol';
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { errorMessage } from '../../lib/api-error';

interface BanDialogProps {
  /** Who is about to be banned; null keeps the dialog closed. */
  user: { id: string; pseudonym: string } | null;
  onClose: () => void;
  /** Performs the ban; a rejection is shown in the dialog. */
  onBan: (reason: string) => Promise<void>;
}

/** Confirms a ban and asks for its reason (seed 000: "This will end any active chats."). */
export function BanDialog({ user, onClose, onBan }: BanDialogProps) {
  return (
    <Dialog open={user !== null} onClose={onClose} title={`Ban ${user?.pseudonym ?? ''}?`}>
      {user && <BanForm onClose={onClose} onBan={onBan} />}
    </Dialog>
  );
}

function BanForm({ onClose, onBan }: Omit<BanDialogProps, 'user'>) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setReasonError('Reason is required');
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await onBan(trimmed);
    } catch (error) {
      setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4">
      <p>Are you sure? This will end any active chats. They will be signed out everywhere.</p>
      <TextAreaField
        ref={reasonRef}
        label="Reason"
        hint="Kept in the audit log."
        required
        maxLength={limits.banReasonMax}
        value={reason}
        error={reasonError}
        onChange={(event) => {
          setReason(event.target.value);
          if (reasonError) setReasonError(undefined);
        }}
        autoFocus
      />
      <FormAlert message={formError} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" busy={busy}>
          Ban
        </Button>
      </div>
    </form>
  );
}
