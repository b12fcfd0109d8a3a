import { forgotPasswordBodySchema } from '@kindred/protocol';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../components/ui/Button';
import { FormAlert } from '../components/ui/FormAlert';
import { useApiForm } from '../components/ui/use-api-form';
import { EmailField } from '../features/identity/EmailField';
import { forgotPassword } from '../features/identity/account-api';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard } from './AuthCard';

const backToSignIn = (
  <Link to="/login" className="font-semibold text-primary-strong underline">
    Back to sign in
  </Link>
);

/** /forgot-password: asks for a reset link; the answer never says whether the address is known. */
export function ForgotPasswordPage() {
  usePageTitle('Forgot password');
  const [sent, setSent] = useState(false);
  const { field, submit, formError, alertId, form } = useApiForm(forgotPasswordBodySchema, {
    email: '',
  });

  return (
    <AuthCard
      title="Forgot your password?"
      intro="Tell us the address you signed up with and we will e-mail you a link to choose a new password."
      footer={backToSignIn}
    >
      {sent ? (
        <p role="status" className="rounded-lg bg-secondary-soft p-3 text-secondary-strong">
          If an account uses this address and it was confirmed, a link is on its way. It works once,
          for 30 minutes. Nothing there? Check your spam folder.
        </p>
      ) : (
        <form
          onSubmit={(event) =>
            void submit(async (values) => {
              await forgotPassword(values);
              setSent(true);
            })(event)
          }
          noValidate
          className="flex flex-col gap-4"
        >
          <EmailField {...field('email')} />
          <Button type="submit" busy={form.formState.isSubmitting} className="w-full">
            Send me a link
          </Button>
          <FormAlert id={alertId} message={formError} />
        </form>
      )}
    </AuthCard>
  );
}
