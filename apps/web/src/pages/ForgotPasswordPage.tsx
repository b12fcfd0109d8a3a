import { forgotPasswordBodySchema } from '@kindred/protocol';
import { Link } from 'react-router';
import { useApiForm } from '../components/ui/use-api-form';
import { EmailField } from '../features/identity/EmailField';
import { forgotPassword } from '../features/identity/account-api';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard, FormOrStatus } from './AuthCard';

const backToSignIn = (
  <Link to="/login" className="font-semibold text-primary-strong underline">
    Back to sign in
  </Link>
);

/** /forgot-password: asks for a reset link; the answer never says whether the address is known. */
export function ForgotPasswordPage() {
  usePageTitle('Forgot password');
  const api = useApiForm(forgotPasswordBodySchema, {
    email: '',
  });

  return (
    <AuthCard
      title="Forgot your password?"
      intro="Tell us the address you signed up with and we will e-mail you a link to choose a new password."
      footer={backToSignIn}
    >
      <FormOrStatus
        status={
          <>
            If an account uses this address and it was confirmed, a link is on its way. It works
            once, for 30 minutes. Nothing there? Check your spam folder.
          </>
        }
        api={api}
        action={forgotPassword}
        submitLabel="Send me a link"
      >
        <EmailField {...api.field('email')} />
      </FormOrStatus>
    </AuthCard>
  );
}
