import { limits } from '@kindred/protocol';
import { Controller } from 'react-hook-form';
import { TagInput } from '../../components/ui/TagInput';
import { RoleCheckboxes } from '../auth/RoleCheckboxes';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';

/** Which roles you take, and what you'd like to talk about, in which languages. */
export function RolesInterestsSection({ form }: { form: ProfileForm }) {
  const {
    register,
    control,
    formState: { errors },
  } = form;
  return (
    <ProfileSection title="Roles & interests">
      <RoleCheckboxes
        legend="Your roles"
        hint="At least one."
        registration={register('roles')}
        error={errors.roles?.message}
      />
      <Controller
        control={control}
        name="interests"
        render={({ field, fieldState }) => (
          <TagInput
            label="Interests"
            hint="For example: anxiety, relationships, stress."
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
      <Controller
        control={control}
        name="languages"
        render={({ field, fieldState }) => (
          <TagInput
            label="Languages"
            hint="The languages you can chat in."
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
    </ProfileSection>
  );
}
