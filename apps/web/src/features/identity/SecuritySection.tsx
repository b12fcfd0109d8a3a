import {
  changeEmailBodySchema,
  changePasswordBodySchema,
  messageResponseSchema,
  type Me,
} from '@kindred/protocol';
import { useState, type FormEvent } from 'react';
import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
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

/**
 * A form of this section: it POSTs its values to `path` and, once they are taken, empties itself
 * and runs `done`.
 */
function usePostForm<Input extends FieldValues, Output>(
  schema: z.ZodType<Output, Input>,
  defaultValues: DefaultValues<Input>,
  path: string,
  done: (values: Output) => void,
) {
  const api = useApiForm(schema, defaultValues);
  const submit = api.submit(async (values) => {
    await apiJson('POST', path, messageResponseSchema, { body: values });
    api.form.reset();
    done(values);
  });
  return { ...api, onSubmit: (event: FormEvent) => void submit(event) };
}

function ChangePasswordForm() {
  const { field, onSubmit, formError, alertId, form } = usePostForm(
    changePasswordBodySchema,
    { current_password: '', new_password: '' },
    '/auth/change-password',
    () => showToast('Your password was changed; other devices were signed out.', 'success'),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
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

/**
 * A new address is confirmed by a link sent to it (the old one is told of the change); until
 * then the account keeps the old address.
 */
function ChangeEmailForm({ me }: { me: Me }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { field, onSubmit, formError, alertId, form } = usePostForm(
    changeEmailBodySchema,
    { email: '', password: '' },
    '/auth/change-email',
    (values) => setSentTo(values.email),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4 border-t border-line pt-5">
      <h3 className="text-xl">Change e-mail address</h3>
      <p className="text-muted">
        Your address now is <strong className="text-ink">{me.email}</strong>. We send a link to the
        new address; it changes once you open it, and we let the old address know.
      </p>
      <TextField
        label="New e-mail address"
        type="email"
        autoComplete="email"
        inputMode="email"
        {...field('email')}
      />
      {me.auth_provider === 'password' && (
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          {...field('password')}
        />
      )}
      <Button type="submit" busy={form.formState.isSubmitting} className="self-start">
        Send confirmation link
      </Button>
      <p role="status">
        {sentTo ? `Open the link we sent to ${sentTo} to confirm your new address.` : ''}
      </p>
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

/** Password, e-mail address and signed-in devices. */
export function SecuritySection({ me }: { me: Me }) {
  return (
    <ProfileSection
      title="Security"
      intro="Your password, your e-mail address and the devices signed in to your account."
    >
      {me.auth_provider === 'password' && <ChangePasswordForm />}
      <ChangeEmailForm me={me} />
      <DevicesList />
    </ProfileSection>
  );
}
