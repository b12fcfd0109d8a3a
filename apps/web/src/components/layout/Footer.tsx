import { Link } from 'react-router';

/**
 * Every page ends with the reminder of what Kindred is and where to go in an emergency. Beside a
 * chat it is one line (and on phones the chat's "Get help now" takes its place).
 */
export function Footer({ compact = false }: { compact?: boolean }) {
  if (compact) {
    return (
      <footer className="hidden border-t border-line bg-surface sm:block">
        <p className="mx-auto max-w-5xl px-6 py-2 text-sm text-muted">
          Peer support from volunteers, not professional care.{' '}
          <strong className="text-ink">In crisis or in danger?</strong> Call your local emergency
          number now.
        </p>
      </footer>
    );
  }
  return (
    <footer className="mt-auto border-t border-line bg-surface">
      <div className="mx-auto max-w-5xl px-4 py-6 text-sm text-muted sm:px-6">
        <p>Kindred is peer support from volunteers, not professional counselling or therapy.</p>
        <p className="mt-1">
          <strong className="text-ink">In crisis or in danger?</strong> Call your local emergency
          number now, or contact a crisis line in your country.
        </p>
        <p className="mt-1">
          Questions about Kindred or your account?{' '}
          <Link to="/support" className="font-semibold text-primary-strong underline">
            Contact support
          </Link>
          .
        </p>
      </div>
    </footer>
  );
}
