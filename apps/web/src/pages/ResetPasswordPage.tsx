import { resetPasswordBodySchema } from '@kindred/protocol';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { TextField } from '../components/ui/TextField';
import { useApiForm } from '../components/ui/use-api-form';
import { resetPassword } from '../features/identity/account-api';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard, FormOrStatus } from './AuthCard';

/** /reset-password?token=…: the page a reset mail links to. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const [params] = useSearchParams();
  const [shown, setShown] = useState(false);
  const api = useApiForm(resetPasswordBodySchema, {
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
      <FormOrStatus
        status={
          <>
            Your password was changed.{' '}
            <Link to="/login" className="font-semibold underline">
              Sign in
            </Link>{' '}
            with the new one.
          </>
        }
        api={api}
        action={resetPassword}
        submitLabel="Change password"
      >
        <input type="hidden" {...api.form.register('token')} />
        <TextField
          label="New password"
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          {...api.field('password')}
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
          Show password
        </label>
      </FormOrStatus>
    </AuthCard>
  );
}
