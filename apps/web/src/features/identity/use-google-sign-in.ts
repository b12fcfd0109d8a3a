import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { signInWithGoogle } from './session-actions';

/** Exchanges a Google credential for a Kindred session; exposes busy and error state. */
export function useGoogleSignIn(onSignedIn: () => void) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const signIn = (credential: string) => {
    setError(null);
    setBusy(true);
    signInWithGoogle(queryClient, credential).then(
      () => {
        setBusy(false);
        onSignedIn();
      },
      (signInError: unknown) => {
        setBusy(false);
        setError(errorMessage(signInError));
      },
    );
  };

  return { signIn, error, busy };
}
