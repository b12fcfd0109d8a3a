import { changePasswordBodySchema, messageResponseSchema, type Me } from '@kindred/protocol';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { showToast } from '../../components/ui/toast-store';
import { useApiForm } from '../../components/ui/use-api-form';
import { apiJson } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useDeviceSessions, useRevokeSession } from './account-api';
import { ProfileSection } from './ProfileSection';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ChangePasswordForm() {
  const { field, submit, formError, alertId, form } = useApiForm(changePasswordBodySchema, {
    current_password: '',
    new_password: '',
  });
  return (
    <form
      onSubmit={(event) =>
        void submit(async (values) => {
          await apiJson('POST', '/auth/change-password', messageResponseSchema, { body: values });
          form.reset();
          showToast('Your password was changed; other devices were signed out.', 'success');
        })(event)
      }
      noValidate
      className="flex flex-col gap-4"
    >
      <h3 className="text-xl">Change password</h3>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        {...field('current_password')}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        {...field('new_password')}
      />
      <Button type="submit" busy={form.formState.isSubmitting} className="self-start">
        Change password
      </Button>
      <FormAlert id={alertId} message={formError} />
    </form>
  );
}

function DevicesList() {
  const sessions = useDeviceSessions();
  const revoke = useRevokeSession();
  const others = sessions.data?.filter((s) => !s.current) ?? [];
  return (
    <div className="flex flex-col gap-3 border-t border-line pt-5">
      <h3 className="text-xl">Signed-in devices</h3>
      {sessions.isError && <FormAlert message={errorMessage(sessions.error)} />}
      <ul className="flex flex-col gap-2" aria-label="Signed-in devices">
        {sessions.data?.map((session) => (
          <li key={session.id} className="flex items-center justify-between gap-3">
            <span>
              <strong>{session.device}</strong>
              {session.current && ' (this device)'}
              <span className="block text-sm text-muted">
                Last seen {when(session.last_seen_at)}
              </span>
            </span>
            {!session.current && (
              <Button
                variant="secondary"
                busy={revoke.isPending && revoke.variables === session.id}
                onClick={() => revoke.mutate(session.id)}
                aria-label={`Sign out ${session.device}`}
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 1 && (
        <Button variant="secondary" className="self-start" onClick={() => revoke.mutate(undefined)}>
          Sign out all other devices
        </Button>
      )}
    </div>
  );
}

/** Password and signed-in devices. */
export function SecuritySection({ me }: { me: Me }) {
  return (
    <ProfileSection
      title="Security"
      intro="Your password and the devices signed in to your account."
    >
      {me.auth_provider === 'password' && <ChangePasswordForm />}
      <DevicesList />
    </ProfileSection>
  );
}
