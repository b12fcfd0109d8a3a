import { limits, registerBodySchema, registerResponseSchema } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { useApiForm } from '../../components/ui/use-api-form';
import { apiJson } from '../../lib/api';
import { usePublicConfig } from './config-query';
import { EmailField } from './EmailField';
import { signIn } from './session-actions';
import { PasswordRules } from './PasswordRules';
import { RoleCheckboxes } from './RoleCheckboxes';

interface RegisterFormProps {
  onSignedIn: () => void;
  /** Called when the account was created but the automatic sign-in failed. */
  onRegisteredOnly: (email: string) => void;
}

/** Creates an account, then signs straight in with the same credentials. */
export function RegisterForm({ onSignedIn, onRegisteredOnly }: RegisterFormProps) {
  const queryClient = useQueryClient();
  const { form, field, submit, formError, alertId } = useApiForm(registerBodySchema, {
    email: '',
    password: '',
    pseudonym: '',
    roles: [],
    real_name: '',
  });
  const minAge = usePublicConfig().data?.min_age ?? 18;
  const [shown, setShown] = useState(false);
  const ageError = form.formState.errors.age_confirmed?.message;
  const password = useWatch({ control: form.control, name: 'password' });

  const onSubmit = submit(async (values) => {
    await apiJson('POST', '/auth/register', registerResponseSchema, { body: values });
    // The account exists now: a failed sign-in is not the form's error.
    try {
      await signIn(queryClient, { email: values.email, password: values.password });
      onSignedIn();
    } catch {
      onRegisteredOnly(values.email);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <EmailField hint="Used only to sign in. Never shown to anyone." {...field('email')} />
      <TextField
        label="Password"
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        maxLength={limits.passwordMax}
        hint={<PasswordRules password={password} />}
        {...field('password')}
      />
      <Checkbox
        label="Show password"
        checked={shown}
        onChange={(event) => setShown(event.target.checked)}
      />
      <TextField
        label="Pseudonym"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        hint={`The name others see. ${limits.pseudonymMin}–${limits.pseudonymMax} letters, numbers or underscores; best not your real name.`}
        {...field('pseudonym')}
      />
      <TextField
        label="Real name (optional)"
        autoComplete="name"
        hint="Never shown to anyone. Leave it empty if you prefer."
        {...field('real_name')}
      />
      <RoleCheckboxes
        legend="How would you like to take part?"
        hint="Choose one or both. You can change this later."
        registration={form.register('roles')}
        error={form.formState.errors.roles?.message}
      />
      <div>
        <Checkbox
          label={`I am ${minAge} or older`}
          description={`Kindred is for people aged ${minAge} and over.`}
          aria-invalid={ageError ? true : undefined}
          aria-describedby={ageError ? `${alertId}-age` : undefined}
          {...form.register('age_confirmed')}
        />
        {ageError && (
          <p id={`${alertId}-age`} className="text-sm text-danger-text">
            {ageError}
          </p>
        )}
      </div>
      <Button type="submit" busy={form.formState.isSubmitting} className="w-full">
        Create account
      </Button>
      <FormAlert id={alertId} message={formError} />
    </form>
  );
}
