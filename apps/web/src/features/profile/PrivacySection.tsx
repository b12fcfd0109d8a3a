import { Switch } from '../../components/ui/Switch';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';

/** The two privacy switches. */
export function PrivacySection({ form }: { form: ProfileForm }) {
  const { register } = form;
  return (
    <ProfileSection
      title="Privacy settings"
      intro="Your email and real name are never shown to anyone, whatever you choose here."
    >
      <div className="flex flex-col divide-y divide-line">
        <Switch
          label="Show profile picture to chat partners"
          description="When off, people you chat with see your initials instead."
          {...register('privacy_settings.show_profile_picture')}
        />
        <Switch
          label="Allow feedback after chats"
          description="Let the people you chat with rate the conversation when it ends."
          {...register('privacy_settings.allow_feedback')}
        />
      </div>
    </ProfileSection>
  );
}
