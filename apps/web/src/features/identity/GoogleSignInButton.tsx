import { useEffect, useRef, useState } from 'react';
import { usePublicConfig } from './config-query';
import { loadGoogleIdentity } from './google-identity';

interface GoogleSignInButtonProps {
  onCredential: (credential: string) => void;
  text?: 'signin_with' | 'signup_with' | 'continue_with';
}

/** Google's own sign-in button, shown only when the server reports a Google client id. */
export function GoogleSignInButton({
  onCredential,
  text = 'signin_with',
}: GoogleSignInButtonProps) {
  const config = usePublicConfig();
  const clientId = config.data?.google_client_id ?? null;
  const containerRef = useRef<HTMLDivElement>(null);
  const onCredentialRef = useRef(onCredential);
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    onCredentialRef.current = onCredential;
  });

  useEffect(() => {
    if (!clientId) return;
    let cancelled = false;
    loadGoogleIdentity().then(
      (google) => {
        const container = containerRef.current;
        if (cancelled || !container) return;
        google.initialize({
          client_id: clientId,
          callback: (response) => onCredentialRef.current(response.credential),
          ux_mode: 'popup',
        });
        google.renderButton(container, {
          type: 'standard',
          theme: 'outline',
          size: 'large',
          shape: 'pill',
          text,
          width: Math.min(container.clientWidth || 320, 400),
        });
      },
      () => {
        if (!cancelled) setUnavailable(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [clientId, text]);

  if (!clientId) return null;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3 text-sm text-muted">
        <span className="h-px flex-1 bg-line" />
        <span>or</span>
        <span className="h-px flex-1 bg-line" />
      </div>
      <div ref={containerRef} className="flex min-h-11 justify-center" />
      {unavailable && (
        <p className="text-center text-sm text-muted">
          Google sign-in is unavailable right now. You can still use your email and password.
        </p>
      )}
    </div>
  );
}
