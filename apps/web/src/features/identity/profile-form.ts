import { updateMeBodySchema, type Me, type UpdateMeBody } from '@kindred/protocol';
import type { UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';

/** The profile form edits every field of PATCH /users/me at once, so all of them are present. */
export const profileFormSchema = updateMeBodySchema.required();
export type ProfileFormInput = z.input<typeof profileFormSchema>;
export type ProfileFormOutput = z.output<typeof profileFormSchema>;
export type ProfileForm = UseFormReturn<ProfileFormInput, unknown, ProfileFormOutput>;

/** Fields a server error detail may point at. */
export const profileFields = [
  'pseudonym',
  'real_name',
  'bio',
  'roles',
  'interests',
  'languages',
  'listener_topics',
  'privacy_settings.show_profile_picture',
  'privacy_settings.allow_feedback',
  'privacy_settings.allow_message_requests',
  'privacy_settings.read_receipts',
  'privacy_settings.show_online_status',
  'privacy_settings',
  'time_zone',
  'country',
] as const;

export function toFormValues(me: Me): ProfileFormInput {
  return {
    pseudonym: me.pseudonym,
    real_name: me.real_name ?? '',
    bio: me.bio,
    roles: [...me.roles],
    interests: [...me.interests],
    languages: [...me.languages],
    listener_topics: [...me.listener_topics],
    privacy_settings: { ...me.privacy_settings },
    time_zone: me.time_zone,
    country: me.country,
  };
}

/** The PATCH body: every field, with an emptied real name sent as null. */
export function toPatchBody(values: ProfileFormOutput): UpdateMeBody {
  return { ...values, real_name: values.real_name ? values.real_name : null };
}
