import { RoleCheckboxes } from './RoleCheckboxes';
import type { ProfileForm } from './profile-form';
import { ProfileSection } from './ProfileSection';
import { TagField } from './TagField';

/** Which roles you take, and what you'd like to talk about, in which languages. */
export function RolesInterestsSection({ form }: { form: ProfileForm }) {
  const {
    register,
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
      <TagField
        form={form}
        name="interests"
        label="Interests"
        hint="For example: anxiety, relationships, stress."
      />
      <TagField
        form={form}
        name="languages"
        label="Languages"
        hint="The languages you can chat in."
      />
    </ProfileSection>
  );
}
