import { Link, Navigate, useNavigate } from 'react-router';
import { RegisterForm } from '../features/identity/RegisterForm';
import { GoogleSignInButton } from '../features/identity/GoogleSignInButton';
import { useMe } from '../features/identity/me-query';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard } from './AuthCard';
import { useGoogleSignIn } from '../features/identity/use-google-sign-in';
import { FormAlert } from '../components/ui/FormAlert';

/** /register: create an account and go straight to the dashboard. */
export function RegisterPage() {
  usePageTitle('Create an account');
  const navigate = useNavigate();
  const { data: me } = useMe();
  const google = useGoogleSignIn(() => void navigate('/dashboard', { replace: true }));

  if (me) return <Navigate to="/dashboard" replace />;

  return (
    <AuthCard
      title="Create your account"
      intro="Choose a pseudonym: it is the only name anyone on Kindred will see."
      footer={
        <>
          Already have an account?{' '}
          <Link to="/login" className="font-semibold text-primary-strong underline">
            Sign in
          </Link>
        </>
      }
    >
      <div className="flex flex-col gap-6">
        <RegisterForm
          onSignedIn={() => void navigate('/dashboard', { replace: true })}
          onRegisteredOnly={(email) =>
            void navigate('/login', { replace: true, state: { registeredEmail: email } })
          }
        />
        <GoogleSignInButton text="signup_with" onCredential={google.signIn} />
        <FormAlert message={google.error} />
      </div>
    </AuthCard>
  );
}
