import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { verifyEmail } from '../features/identity/account-api';
import { meQueryKey } from '../features/identity/me-query';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard } from './AuthCard';

/** /verify-email?token=…: confirms an address from its mailed link (once). */
export function VerifyEmailPage() {
  usePageTitle('Confirm your e-mail address');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const asked = useRef(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    // Once per page load: the link works only once, so a second request would be refused.
    if (asked.current) return;
    asked.current = true;
    verifyEmail(token).then(
      (result) => {
        setOutcome({ ok: true, text: `${result.email} is confirmed. Thank you.` });
        // The "confirm your address" banner and the address shown come from the account.
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
      },
      (error: unknown) => setOutcome({ ok: false, text: errorMessage(error) }),
    );
  }, [queryClient, token]);

  return (
    <AuthCard
      title="Confirm your e-mail address"
      intro="With a confirmed address you can reset your password and receive e-mail notifications."
      footer={
        <Link to="/dashboard" className="font-semibold text-primary-strong underline">
          Go to Kindred
        </Link>
      }
    >
      <p
        role={outcome && !outcome.ok ? 'alert' : 'status'}
        className="rounded-lg bg-secondary-soft p-3 text-secondary-strong"
      >
        {outcome?.text ?? 'Confirming…'}
      </p>
    </AuthCard>
  );
}
