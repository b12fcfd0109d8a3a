import type { Me } from '@kindred/protocol';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { errorMessage } from '../../lib/api-error';
import { resendVerification } from './account-api';

/**
 * "Confirm your e-mail address", for an account whose address is not confirmed yet: the account
 * works, but a password reset and e-mail notifications need the address. Resend sends a new link.
 */
export function VerifyEmailBanner({ me }: { me: Me }) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (me.email_verified) return null;

  async function resend() {
    setState('sending');
    setError(null);
    try {
      await resendVerification();
      setState('sent');
    } catch (error) {
      setError(errorMessage(error));
      setState('idle');
    }
  }

  return (
    <section
      aria-labelledby="verify-email-heading"
      className="flex flex-col gap-3 rounded-xl border border-warning bg-warning-soft p-4 text-warning-text sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="flex flex-col gap-1">
        <h2 id="verify-email-heading" className="text-lg text-warning-text">
          Confirm your e-mail address
        </h2>
        <p className="text-ink">
          We sent a link to <strong>{me.email}</strong>. Until you open it, we can't send you a
          password reset link or e-mail notifications.
        </p>
        <p role="status" className="text-ink">
          {state === 'sent' ? 'A new link is on its way. It may take a minute to arrive.' : ''}
        </p>
        {error && (
          <p role="alert" className="text-danger-text">
            {error}
          </p>
        )}
      </div>
      <Button
        variant="secondary"
        className="shrink-0"
        busy={state === 'sending'}
        disabled={state === 'sent'}
        onClick={() => void resend()}
      >
        Resend the link
      </Button>
    </section>
  );
}
