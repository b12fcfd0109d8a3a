import { meSchema, type Me } from '@kindred/protocol';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { showToast } from '../../components/ui/toast-store';
import { apiJson } from '../../lib/api';
import { applyServerErrors } from '../../lib/form-errors';
import { storeMe } from './me-query';
import { BasicInfoSection } from './BasicInfoSection';
import { ListenerSettingsSection } from './ListenerSettingsSection';
import { PrivacySection } from './PrivacySection';
import {
  profileFields,
  profileFormSchema,
  toFormValues,
  toPatchBody,
  type ProfileFormInput,
  type ProfileFormOutput,
} from './profile-form';
import { RolesInterestsSection } from './RolesInterestsSection';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';

/** Every editable part of the profile, saved together with one PATCH /users/me. */
export function ProfileForm({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ProfileFormInput, unknown, ProfileFormOutput>({
    resolver: zodResolver(profileFormSchema),
    defaultValues: toFormValues(me),
  });
  const {
    handleSubmit,
    reset,
    setError,
    control,
    formState: { isDirty, isSubmitting },
  } = form;
  const roles = useWatch({ control, name: 'roles' });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const updated = await apiJson('PATCH', '/users/me', meSchema, {
          body: toPatchBody(values),
        });
        storeMe(queryClient, updated);
        reset(toFormValues(updated));
        showToast('Profile saved');
      } catch (error) {
        setFormError(applyServerErrors(error, setError, profileFields));
      }
    },
    () => setFormError('Some fields need your attention. The first one has been selected.'),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      <BasicInfoSection form={form} me={me} />
      <RolesInterestsSection form={form} />
      {roles.includes('listener') && <ListenerSettingsSection form={form} me={me} />}
      <PrivacySection form={form} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <Button type="submit" busy={isSubmitting} className="sm:w-auto">
          Save profile
        </Button>
        {isDirty && !isSubmitting && (
          <p className="text-sm text-muted">You have unsaved changes.</p>
        )}
      </div>
      <FormAlert message={formError} />
      <UnsavedChangesGuard dirty={isDirty && !isSubmitting} />
    </form>
  );
}
