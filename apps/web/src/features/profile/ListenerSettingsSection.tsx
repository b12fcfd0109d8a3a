import { limits, type Me } from '@kindred/protocol';
import { Controller } from 'react-hook-form';
import { TagInput } from '../../components/ui/TagInput';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';

/** Topics a listener is comfortable with, and their stats (read only). */
export function ListenerSettingsSection({ form, me }: { form: ProfileForm; me: Me }) {
  return (
    <ProfileSection title="Listener settings" intro="Sharers see these when choosing a listener.">
      <Controller
        control={form.control}
        name="listener_topics"
        render={({ field, fieldState }) => (
          <TagInput
            label="Topics you're comfortable discussing"
            hint="For example: grief, loneliness, work stress."
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            ref={field.ref}
            error={fieldState.error?.message}
            maxTags={limits.tagsMax}
            maxLength={limits.tagMax}
          />
        )}
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
    </ProfileSection>
  );
}
