import { resetPasswordBodySchema } from '@kindred/protocol';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../components/ui/Button';
import { FormAlert } from '../components/ui/FormAlert';
import { TextField } from '../components/ui/TextField';
import { useApiForm } from '../components/ui/use-api-form';
import { resetPassword } from '../features/identity/account-api';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard } from './AuthCard';

/** /reset-password?token=…: the page a reset mail links to. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const [params] = useSearchParams();
  const [done, setDone] = useState(false);
  const [shown, setShown] = useState(false);
  const { field, submit, formError, alertId, form } = useApiForm(resetPasswordBodySchema, {
    token: params.get('token') ?? '',
    password: '',
  });

  return (
    <AuthCard
      title="Choose a new password"
      intro="Every device signed in to your account will be signed out."
      footer={
        <Link to="/forgot-password" className="font-semibold text-primary-strong underline">
          Ask for a new link
        </Link>
      }
    >
      {done ? (
        <p role="status" className="rounded-lg bg-secondary-soft p-3 text-secondary-strong">
          Your password was changed.{' '}
          <Link to="/login" className="font-semibold underline">
            Sign in
          </Link>{' '}
          with the new one.
        </p>
      ) : (
        <form
          onSubmit={(event) =>
            void submit(async (values) => {
              await resetPassword(values);
              setDone(true);
            })(event)
          }
          noValidate
          className="flex flex-col gap-4"
        >
          <input type="hidden" {...form.register('token')} />
          <TextField
            label="New password"
            type={shown ? 'text' : 'password'}
            autoComplete="new-password"
            {...field('password')}
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
            Show password
          </label>
          <Button type="submit" busy={form.formState.isSubmitting} className="w-full">
            Change password
          </Button>
          <FormAlert id={alertId} message={formError} />
        </form>
      )}
    </AuthCard>
  );
}
