import type { PrivacySettings } from '@kindred/protocol';
import { useWatch } from 'react-hook-form';
import { Switch } from '../../components/ui/Switch';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';

const privacySwitches: {
  setting: keyof PrivacySettings;
  label: string;
  description: string;
  listenersOnly?: boolean;
}[] = [
  {
    setting: 'show_profile_picture',
    label: 'Show profile picture to chat partners',
    description: 'When off, people you chat with see your initials instead.',
  },
  {
    setting: 'allow_feedback',
    label: 'Allow feedback after chats',
    description: 'Let the people you chat with rate the conversation when it ends.',
  },
  {
    setting: 'allow_message_requests',
    label: "Let people I haven't chatted with send me message requests",
    description: 'When off, only people you had a listening chat with recently can write to you.',
    listenersOnly: true,
  },
  {
    setting: 'read_receipts',
    label: 'Send read receipts',
    description:
      "When off, people you message don't see when you've read their messages, and you don't see theirs.",
  },
  {
    setting: 'show_online_status',
    label: "Show when I'm online",
    description: "When off, people you message don't see whether you're online.",
  },
];

/** The privacy switches; the message-request one is for listeners, whom strangers can find. */
export function PrivacySection({ form }: { form: ProfileForm }) {
  const { register, control } = form;
  const isListener = useWatch({ control, name: 'roles' }).includes('listener');
  return (
    <ProfileSection
      title="Privacy settings"
      intro="Your email and real name are never shown to anyone, whatever you choose here."
    >
      <div className="flex flex-col divide-y divide-line">
        {privacySwitches
          .filter(({ listenersOnly }) => isListener || !listenersOnly)
          .map(({ setting, label, description }) => (
            <Switch
              key={setting}
              label={label}
              description={description}
              {...register(`privacy_settings.${setting}`)}
            />
          ))}
      </div>
    </ProfileSection>
  );
}
