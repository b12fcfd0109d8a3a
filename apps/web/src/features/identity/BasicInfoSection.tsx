import { limits, type Me } from '@kindred/protocol';
import { useWatch } from 'react-hook-form';
import { Options, SelectField } from '../../components/ui/SelectField';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { TextField } from '../../components/ui/TextField';
import { TimeZoneSelect } from '../appointments/TimeZoneSelect';
import { COUNTRIES, countryName, countryOfLocale } from '../conversations/help-lines';
import { AvatarUpload } from './AvatarUpload';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';

const availabilityLabels: Record<Me['listener_availability'], string> = {
  available: 'Available',
  unavailable: 'Unavailable',
  in_chat: 'In a chat',
};

/** Picture, pseudonym, real name, email, bio and time zone. */
export function BasicInfoSection({ form, me }: { form: ProfileForm; me: Me }) {
  const {
    register,
    control,
    formState: { errors },
  } = form;
  const bio = useWatch({ control, name: 'bio' }) ?? '';
  const isListener = me.roles.includes('listener');

  return (
    <ProfileSection title="Basic information">
      <AvatarUpload pseudonym={me.pseudonym} pictureUrl={me.profile_picture_url} />
      <TextField
        label="Pseudonym"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        hint={
          <>
            The name other people see.
            {isListener && (
              <span className="ml-2 inline-flex items-center gap-1 font-medium text-ink">
                <span
                  aria-hidden="true"
                  className={`inline-block size-2.5 rounded-full ${me.listener_availability === 'available' ? 'bg-secondary' : 'bg-control'}`}
                />
                Listener status: {availabilityLabels[me.listener_availability]}
              </span>
            )}
          </>
        }
        error={errors.pseudonym?.message}
        {...register('pseudonym')}
      />
      <TextField
        label="Real name"
        autoComplete="name"
        maxLength={limits.realNameMax}
        hint="Optional. Never shown to other users."
        error={errors.real_name?.message}
        {...register('real_name')}
      />
      <dl className="flex flex-col gap-1">
        <dt className="font-semibold text-ink">Email</dt>
        <dd className="break-all">{me.email}</dd>
        <dd className="text-sm text-muted">Used only to sign in; it cannot be changed here.</dd>
      </dl>
      <TextAreaField
        label="Bio"
        rows={5}
        hint={
          <span className={bio.length > limits.bioMax ? 'font-semibold text-danger-text' : ''}>
            {bio.length}/{limits.bioMax}
          </span>
        }
        error={errors.bio?.message}
        {...register('bio')}
      />
      <TimeZoneSelect
        label="Time zone"
        automatic={Intl.DateTimeFormat().resolvedOptions().timeZone}
        hint="Every time on Kindred, such as a booked session's, is shown in this zone."
        error={errors.time_zone?.message}
        {...register('time_zone', { setValueAs: (value: string | null) => value || null })}
      />
      <SelectField
        label="Country"
        hint="Only used to show a help line in your country. Never shown to anyone."
        error={errors.country?.message}
        {...register('country', { setValueAs: (value: string | null) => value || null })}
      >
        <option value="">Automatic ({browserCountry()})</option>
        <Options values={COUNTRIES} label={countryName} />
      </SelectField>
    </ProfileSection>
  );
}

/** The browser's country, named, for the automatic choice. */
function browserCountry(): string {
  const code = countryOfLocale(typeof navigator === 'undefined' ? undefined : navigator.language);
  return code ? countryName(code) : 'from your browser';
}
