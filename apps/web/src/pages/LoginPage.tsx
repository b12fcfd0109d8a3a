import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '../features/identity/LoginForm';
import { useSuspendedStore } from '../features/identity/suspended-store';
import { useMe } from '../features/identity/me-query';
import { safeNextPath } from '../lib/safe-redirect';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard } from './AuthCard';

interface LoginLocationState {
  registeredEmail?: string;
}

/** /login: sign in, then go to `next` (when it is a path on this site) or the dashboard. */
export function LoginPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();
  const next = safeNextPath(params.get('next'));
  const state = location.state as LoginLocationState | null;
  const suspended = useSuspendedStore((s) => s.suspended);

  if (me) return <Navigate to={next} replace />;

  return (
    <AuthCard
      title="Sign in"
      intro="Welcome back. It's good to see you."
      footer={
        <>
          New to Kindred?{' '}
          <Link to="/register" className="font-semibold text-primary-strong underline">
            Create an account
          </Link>
        </>
      }
    >
      {suspended && (
        <div
          role="alert"
          className="mb-4 rounded-lg border border-danger bg-danger-soft p-3 text-danger-text"
        >
          <strong>This account has been suspended.</strong> You have been signed out. If you think
          this is a mistake, please{' '}
          <Link to="/contact" className="font-semibold underline">
            contact us
          </Link>
          .
        </div>
      )}
      {state?.registeredEmail && (
        <p className="mb-4 rounded-lg bg-secondary-soft p-3 text-secondary-strong">
          Please sign in with {state.registeredEmail}. If that address already had a Kindred
          account, nothing new was created and we sent it an e-mail instead.
        </p>
      )}
      <LoginForm
        onSignedIn={() => {
          useSuspendedStore.getState().set(false);
          void navigate(next, { replace: true });
        }}
      />
    </AuthCard>
  );
}
