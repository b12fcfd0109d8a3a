import { zodResolver } from '@hookform/resolvers/zod';
import {
  limits,
  registerBodySchema,
  registerResponseSchema,
  type RegisterBody,
} from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { apiJson } from '../../lib/api';
import { applyServerErrors } from '../../lib/form-errors';
import { signIn } from './session-actions';
import { PasswordRules } from './PasswordRules';
import { RoleCheckboxes } from './RoleCheckboxes';

type RegisterValues = z.output<typeof registerBodySchema>;

interface RegisterFormProps {
  onSignedIn: () => void;
  /** Called when the account was created but the automatic sign-in failed. */
  onRegisteredOnly: (email: string) => void;
}

/** Creates an account, then signs straight in with the same credentials. */
export function RegisterForm({ onSignedIn, onRegisteredOnly }: RegisterFormProps) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<RegisterBody, unknown, RegisterValues>({
    resolver: zodResolver(registerBodySchema),
    defaultValues: { email: '', password: '', pseudonym: '', roles: [] },
  });
  const password = useWatch({ control, name: 'password' });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiJson('POST', '/auth/register', registerResponseSchema, { body: values });
    } catch (error) {
      const fields = ['email', 'password', 'pseudonym', 'roles'] as const;
      setFormError(applyServerErrors(error, setError, fields));
      return;
    }
    try {
      await signIn(queryClient, { email: values.email, password: values.password });
      onSignedIn();
    } catch {
      onRegisteredOnly(values.email);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        hint="Used only to sign in. Never shown to anyone."
        error={errors.email?.message}
        {...register('email')}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        maxLength={limits.passwordMax}
        hint={<PasswordRules password={password} />}
        error={errors.password?.message}
        {...register('password')}
      />
      <TextField
        label="Pseudonym"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        hint={`The name others see. ${limits.pseudonymMin}–${limits.pseudonymMax} letters, numbers or underscores; best not your real name.`}
        error={errors.pseudonym?.message}
        {...register('pseudonym')}
      />
      <RoleCheckboxes
        legend="How would you like to take part?"
        hint="Choose one or both. You can change this later."
        registration={register('roles')}
        error={errors.roles?.message}
      />
      <Button type="submit" busy={isSubmitting} className="w-full">
        Create account
      </Button>
      <FormAlert message={formError} />
    </form>
  );
}
