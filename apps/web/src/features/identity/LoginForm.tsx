import { loginBodySchema } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { useApiForm } from '../../components/ui/use-api-form';
import { ApiError } from '../../lib/api';
import { EmailField } from './EmailField';
import { signIn } from './session-actions';
import { GoogleSignInButton } from './GoogleSignInButton';
import { useGoogleSignIn } from './use-google-sign-in';

/** Email and password sign-in (plus Google when configured); calls onSignedIn on success. */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const queryClient = useQueryClient();
  const google = useGoogleSignIn(onSignedIn);
  const { form, field, submit, formError, alertId } = useApiForm(loginBodySchema, {
    email: '',
    password: '',
  });

  const onSubmit = submit(
    async (values) => {
      await signIn(queryClient, values);
      onSignedIn();
    },
    (error) => {
      if (!(error instanceof ApiError && error.code === 'INVALID_CREDENTIALS')) return undefined;
      // Which of the two was wrong is deliberately not told; highlight both.
      form.setError('email', { type: 'server' });
      form.setError('password', { type: 'server' }, { shouldFocus: true });
      return error.message;
    },
  );

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <EmailField {...field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          {...field('password')}
        />
        <Button type="submit" busy={form.formState.isSubmitting || google.busy} className="w-full">
          Sign in
        </Button>
        <FormAlert id={alertId} message={formError ?? google.error} />
      </form>
      <GoogleSignInButton onCredential={google.signIn} />
    </div>
  );
}
