import { Link } from 'react-router';
import { AccountSection } from '../features/identity/AccountSection';
import { SecuritySection } from '../features/identity/SecuritySection';
import { ProfileForm } from '../features/identity/ProfileForm';
import { useMe } from '../features/identity/me-query';
import { VerifyEmailBanner } from '../features/identity/VerifyEmailBanner';
import { usePageTitle } from '../lib/use-page-title';

/** /profile: edit everything about yourself (the listening contract's "Profile Page"). */
export function ProfilePage() {
  usePageTitle('Your profile');
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-3xl">Your profile</h1>
        <p className="text-muted">
          Others only see your pseudonym, picture, bio, languages and listener topics.
        </p>
        <p className="text-muted">
          Choose how Kindred lets you know about requests and messages in your{' '}
          <Link
            to="/settings/notifications"
            className="font-semibold text-primary-strong underline"
          >
            notification settings
          </Link>
          .
        </p>
      </div>
      <VerifyEmailBanner me={me} />
      <ProfileForm key={me.id} me={me} />
      <SecuritySection me={me} />
      <AccountSection me={me} />
    </div>
  );
}
