import type { Me } from '@kindred/protocol';
import { Link } from 'react-router';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';
import { TagField } from './TagField';

const applicationStatusLabel: Record<Me['listener_status'], string> = {
  none: 'not applied yet',
  pending: 'waiting for review',
  approved: 'approved',
  rejected: 'not approved',
  suspended: 'suspended',
};

/** Topics a listener is comfortable with, and their stats (read only). */
export function ListenerSettingsSection({ form, me }: { form: ProfileForm; me: Me }) {
  return (
    <ProfileSection title="Listener settings" intro="Sharers see these when choosing a listener.">
      <TagField
        form={form}
        name="listener_topics"
        label="Topics you're comfortable discussing"
        hint="For example: grief, loneliness, work stress."
      />
      <dl className="grid grid-cols-2 gap-4">
        <div className="rounded-lg bg-surface p-4">
          <dt className="text-sm text-muted">Rating</dt>
          <dd className="text-2xl font-bold">
            {me.listener_rating === null
              ? 'No ratings yet'
              : `${me.listener_rating.toFixed(1)} / 5`}
          </dd>
        </div>
        <div className="rounded-lg bg-surface p-4">
          <dt className="text-sm text-muted">Total chats</dt>
          <dd className="text-2xl font-bold">{me.listener_total_chats}</dd>
        </div>
      </dl>
      <p>
        Listener application: <strong>{applicationStatusLabel[me.listener_status]}</strong>.{' '}
        <Link to="/listener/apply">
          {me.listener_status === 'none'
            ? 'Read the guidelines and apply'
            : 'View your application'}
        </Link>
      </p>
    </ProfileSection>
  );
}
