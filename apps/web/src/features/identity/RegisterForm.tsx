import { limits, registerBodySchema, registerResponseSchema } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextField } from '../../components/ui/TextField';
import { useApiForm } from '../../components/ui/use-api-form';
import { apiJson } from '../../lib/api';
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
  });
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
        type="password"
        autoComplete="new-password"
        maxLength={limits.passwordMax}
        hint={<PasswordRules password={password} />}
        {...field('password')}
      />
      <TextField
        label="Pseudonym"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        hint={`The name others see. ${limits.pseudonymMin}–${limits.pseudonymMax} letters, numbers or underscores; best not your real name.`}
        {...field('pseudonym')}
      />
      <RoleCheckboxes
        legend="How would you like to take part?"
        hint="Choose one or both. You can change this later."
        registration={form.register('roles')}
        error={form.formState.errors.roles?.message}
      />
      <Button type="submit" busy={form.formState.isSubmitting} className="w-full">
        Create account
      </Button>
      <FormAlert id={alertId} message={formError} />
    </form>
  );
}
