import { messageResponseSchema, type Me } from '@kindred/protocol';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/TextField';
import { apiJson } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';

interface DeleteAccountFormProps {
  authProvider: Me['auth_provider'];
  onCancel: () => void;
  onDeleted: () => void;
}

/** DELETE /users/me: confirmed with the password, or by typing DELETE for Google accounts. */
export function DeleteAccountForm({ authProvider, onCancel, onDeleted }: DeleteAccountFormProps) {
  const usesPassword = authProvider === 'password';
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = usesPassword ? value.length > 0 : value === 'DELETE';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) {
      setError(usesPassword ? 'Enter your password.' : 'Type DELETE in capitals to confirm.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = usesPassword ? { password: value } : { confirm: 'DELETE' };
      await apiJson('DELETE', '/users/me', messageResponseSchema, { body });
      onDeleted();
    } catch (deleteError) {
      setError(errorMessage(deleteError));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4">
      <p>
        This permanently deletes your profile, your picture and your sign-in sessions. It cannot be
        undone.
      </p>
      <TextField
        label={usesPassword ? 'Password' : 'Type DELETE to confirm'}
        type={usesPassword ? 'password' : 'text'}
        autoComplete={usesPassword ? 'current-password' : 'off'}
        autoCapitalize="characters"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        error={error ?? undefined}
        autoFocus
      />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" busy={busy}>
          Permanently delete account
        </Button>
      </div>
    </form>
  );
}
