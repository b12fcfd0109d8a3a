import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { errorMessage } from '../../lib/api-error';

interface WarnDialogProps {
  /** Who is warned; null keeps the dialog closed. */
  user: { id: string; pseudonym: string } | null;
  onClose: () => void;
  /** Sends the warning; a rejection is shown in the dialog. */
  onWarn: (message: string) => Promise<void>;
}

/** Asks for the warning a user will see (and must acknowledge) the next time they use Kindred. */
export function WarnDialog({ user, onClose, onWarn }: WarnDialogProps) {
  return (
    <Dialog open={user !== null} onClose={onClose} title={`Warn ${user?.pseudonym ?? ''}`}>
      {user && <WarnForm onCancel={onClose} onWarn={onWarn} />}
    </Dialog>
  );
}

function WarnForm({
  onCancel,
  onWarn,
}: {
  onCancel: () => void;
  onWarn: (message: string) => Promise<void>;
}) {
  const [message, setMessage] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = message.trim();
    if (!trimmed) {
      setFieldError('Warning is required');
      ref.current?.focus();
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await onWarn(trimmed);
    } catch (error) {
      setFormError(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4">
      <TextAreaField
        ref={ref}
        label="Warning"
        hint="They will see this the next time they use Kindred, and must acknowledge it."
        required
        maxLength={500}
        value={message}
        error={fieldError}
        onChange={(event) => {
          setMessage(event.target.value);
          if (fieldError) setFieldError(undefined);
        }}
        autoFocus
      />
      <FormAlert message={formError} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          Send warning
        </Button>
      </div>
    </form>
  );
}
