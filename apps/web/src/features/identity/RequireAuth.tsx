import { Navigate, Outlet, useLocation } from 'react-router';
import { Button } from '../../components/ui/Button';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/api-error';
import { loginPathFor } from '../../lib/safe-redirect';
import { useMe } from './me-query';

/** Route guard: waits for the session check, then renders the page or sends you to sign in. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <LoadingState label="Checking your session…" />;
  if (me.isError) {
    return (
      <div className="mx-auto flex max-w-md flex-col items-start gap-4 py-12">
        <h1 className="text-2xl">We could not load your account</h1>
        <p>{errorMessage(me.error)}</p>
        <Button onClick={() => void me.refetch()} busy={me.isFetching}>
          Try again
        </Button>
      </div>
    );
  }
  if (!me.data) return <Navigate to={loginPathFor(location)} replace />;
  return <Outlet />;
}
