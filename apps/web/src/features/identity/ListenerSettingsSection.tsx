import type { Me } from '@kindred/protocol';
import { Link } from 'react-router';
import { ListenerStats } from './ListenerStats';
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
      <ListenerStats
        rating={
          me.listener_rating === null ? 'No ratings yet' : `${me.listener_rating.toFixed(1)} / 5`
        }
        totalChats={me.listener_total_chats}
      />
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
