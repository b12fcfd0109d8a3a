import { limits } from '@kindred/protocol';
import { Controller } from 'react-hook-form';
import { TagInput } from '../../components/ui/TagInput';
import type { ProfileForm } from './profile-form';

/** A profile tag list (interests, languages, topics) bound to the form, with the shared limits. */
export function TagField(props: {
  form: ProfileForm;
  name: 'interests' | 'languages' | 'listener_topics';
  label: string;
  hint: string;
}) {
  return (
    <Controller
      control={props.form.control}
      name={props.name}
      render={({ field, fieldState }) => (
        <TagInput
          label={props.label}
          hint={props.hint}
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
  );
}
