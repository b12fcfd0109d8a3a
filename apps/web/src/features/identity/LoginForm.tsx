import { zodResolver } from '@hookform/resolvers/zod';
import { loginBodySchema, type LoginBody } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { ApiError } from '../../lib/api';
import { applyServerErrors } from '../../lib/form-errors';
import { signIn } from './session-actions';
import { GoogleSignInButton } from './GoogleSignInButton';
import { useGoogleSignIn } from './use-google-sign-in';

type LoginValues = z.output<typeof loginBodySchema>;

/** Email and password sign-in (plus Google when configured); calls onSignedIn on success. */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const google = useGoogleSignIn(onSignedIn);
  const alertId = useId();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LoginBody, unknown, LoginValues>({
    resolver: zodResolver(loginBodySchema),
    defaultValues: { email: '', password: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await signIn(queryClient, values);
      onSignedIn();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') {
        // Which of the two was wrong is deliberately not told; highlight both.
        setError('email', { type: 'server' });
        setError('password', { type: 'server' }, { shouldFocus: true });
        setFormError(error.message);
      } else {
        setFormError(applyServerErrors(error, setError, ['email', 'password']));
      }
    }
  });

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          inputMode="email"
          error={errors.email?.message}
          invalid={Boolean(errors.email)}
          describedBy={errors.email && !errors.email.message ? alertId : undefined}
          {...register('email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          invalid={Boolean(errors.password)}
          describedBy={errors.password && !errors.password.message ? alertId : undefined}
          {...register('password')}
        />
        <Button type="submit" busy={isSubmitting || google.busy} className="w-full">
          Sign in
        </Button>
        <FormAlert id={alertId} message={formError ?? google.error} />
      </form>
      <GoogleSignInButton onCredential={google.signIn} />
    </div>
  );
}
