import { zodResolver } from '@hookform/resolvers/zod';
import {
  alwaysEmailedTypes,
  notificationChannels,
  notificationPreferencesSchema,
  notificationTypes,
  type NotificationChannel,
  type NotificationPreferences,
  type NotificationType,
} from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { Button } from '../../components/ui/Button';
import { Switch } from '../../components/ui/Switch';
import { FormAlert } from '../../components/ui/FormAlert';
import { Options, SelectField } from '../../components/ui/SelectField';
import { TextField } from '../../components/ui/TextField';
import { showToast } from '../../components/ui/toast-store';
import { ApiError, errorMessage } from '../../lib/api-error';
import { useUnsavedChangesStore } from '../../lib/unsaved-changes';
import { browserTimeZone, channelLabels, timeZoneOptions, typeDescriptions } from './format';
import { preferencesQueryKey, updatePreferences } from './notifications-api';
import { preferencesChanges } from './preferences-changes';
import { TitledSection } from '../../components/ui/Card';

/** The form holds the preferences as the API shows them, less what the server alone decides. */
const formSchema = notificationPreferencesSchema.omit({ critical: true, email_paused: true });
export type PreferencesValues = z.infer<typeof formSchema>;

const messageEmailOptions = [
  { value: 'instant', label: 'At once', hint: 'An e-mail for each conversation with news.' },
  {
    value: 'hourly',
    label: 'Hourly digest',
    hint: 'At most one e-mail an hour, for everything that arrived.',
  },
  { value: 'never', label: 'Never', hint: 'No e-mails about chat messages.' },
] as const;

/** Fields an API error's `details` may name, to show the message under the field. */
const fieldPaths = [
  'quiet_hours.enabled',
  'quiet_hours.start',
  'quiet_hours.end',
  'quiet_hours.time_zone',
  'message_email',
] as const satisfies readonly Path<PreferencesValues>[];

/**
 * Without quiet hours chosen yet, the server's zone is its default (UTC): offer the browser's
 * zone instead, which is saved with the next change.
 */
function initialValues(preferences: NotificationPreferences): PreferencesValues {
  const { critical: _critical, email_paused: _paused, ...values } = preferences;
  const zone =
    !values.quiet_hours.enabled && values.quiet_hours.time_zone === 'UTC'
      ? browserTimeZone()
      : values.quiet_hours.time_zone;
  return { ...values, quiet_hours: { ...values.quiet_hours, time_zone: zone } };
}

/** Which switches cannot be turned off, and why (the id of the sentence that says so). */
function locked(
  type: NotificationType,
  channel: NotificationChannel,
  critical: readonly NotificationType[],
): 'critical' | 'always-emailed' | null {
  if (channel === 'in_app' && critical.includes(type)) return 'critical';
  if (channel === 'email' && (alwaysEmailedTypes as readonly string[]).includes(type)) {
    return 'always-emailed';
  }
  return null;
}

/**
 * What to be told about, and where: a table of types and channels, quiet hours, and how often
 * chat messages are e-mailed. Saved together; the server's answer becomes the new starting point.
 */
export function PreferencesForm({ preferences }: { preferences: NotificationPreferences }) {
  const queryClient = useQueryClient();
  const ids = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const defaults = useMemo(() => initialValues(preferences), [preferences]);
  const form = useForm<PreferencesValues>({
    resolver: zodResolver(formSchema),
    defaultValues: defaults,
  });
  const { register, formState } = form;
  const setDirty = useUnsavedChangesStore((state) => state.setDirty);
  const zones = useMemo(
    () => timeZoneOptions([preferences.quiet_hours.time_zone, defaults.quiet_hours.time_zone]),
    [preferences.quiet_hours.time_zone, defaults.quiet_hours.time_zone],
  );
  const types = notificationTypes.filter((type) => type in preferences.types);
  const criticalNoteId = `${ids}-critical`;
  const emailNoteId = `${ids}-always-emailed`;
  const alertId = `${ids}-alert`;

  useEffect(() => {
    setDirty(formState.isDirty);
    return () => setDirty(false);
  }, [formState.isDirty, setDirty]);

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await updatePreferences(preferencesChanges(preferences, values));
      queryClient.setQueryData(preferencesQueryKey, saved);
      form.reset(initialValues(saved));
      showToast('Notification settings saved');
    } catch (error) {
      setFormError(explain(error));
    }
  });

  /** Field errors go under their fields (the first is focused); the rest into the alert. */
  function explain(error: unknown): string {
    if (!(error instanceof ApiError)) return errorMessage(error);
    const elsewhere: string[] = [];
    let focused = false;
    for (const detail of error.details) {
      const field = fieldPaths.find((path) => path === detail.path);
      if (!field) {
        if (detail.message !== error.message) elsewhere.push(detail.message);
        continue;
      }
      form.setError(field, { type: 'server', message: detail.message }, { shouldFocus: !focused });
      focused = true;
    }
    return [error.message, ...elsewhere].join(' ');
  }

  const fieldError = (path: (typeof fieldPaths)[number]) =>
    form.getFieldState(path, formState).error?.message;

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex flex-col gap-8">
      <TitledSection
        headingId={`${ids}-types`}
        title="What to be told about, and where"
        className="flex flex-col gap-3"
      >
        <p className="text-muted">
          E-mails and notifications on your devices never say who wrote or what they wrote; open
          Kindred to read it.
        </p>
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">Notification types and where you get them</caption>
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className="py-2 pr-2 font-semibold">
                Notification
              </th>
              {notificationChannels.map((channel) => (
                <th
                  key={channel}
                  scope="col"
                  className="w-20 px-1 py-2 text-center text-sm font-semibold sm:w-28"
                >
                  {channelLabels[channel]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {types.map((type) => {
              const { label, hint } = typeDescriptions[type];
              return (
                <tr key={type} className="border-b border-line">
                  <th scope="row" className="py-2 pr-2 font-normal">
                    <span className="block font-semibold">{label}</span>
                    <span className="block text-sm text-muted">{hint}</span>
                  </th>
                  {notificationChannels.map((channel) => {
                    const lock = locked(type, channel, preferences.critical);
                    const name = `${label}: ${channelLabels[channel]}`;
                    const classes = 'size-5 cursor-pointer accent-primary-strong';
                    return (
                      <td key={channel} className="px-1 py-2 text-center">
                        {lock ? (
                          // Shown on and unchangeable; not part of what is sent.
                          <span className="inline-flex items-center gap-0.5">
                            <input
                              type="checkbox"
                              aria-label={name}
                              aria-describedby={lock === 'critical' ? criticalNoteId : emailNoteId}
                              checked
                              disabled
                              readOnly
                              className="size-5 accent-primary-strong"
                            />
                            <span aria-hidden="true" className="text-sm text-muted">
                              {lock === 'critical' ? '*' : '†'}
                            </span>
                          </span>
                        ) : (
                          <input
                            type="checkbox"
                            aria-label={name}
                            className={classes}
                            {...register(`types.${type}.${channel}`)}
                          />
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        <p id={criticalNoteId} className="text-sm text-muted">
          <span aria-hidden="true">* </span>
          Always shown in the app: notes from the Kindred team and account security notices can
          matter for your safety, so they cannot be turned off there.
        </p>
        <p id={emailNoteId} className="text-sm text-muted">
          <span aria-hidden="true">† </span>
          Always e-mailed: a sign-in or a password change must reach you even when you are not using
          Kindred.
        </p>
      </TitledSection>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-2xl font-bold">E-mails about chat messages</legend>
        <p className="text-muted">
          For conversations with news, when chat messages are set to reach you by e-mail above.
        </p>
        <div className="flex flex-col gap-1">
          {messageEmailOptions.map((option) => (
            <label
              key={option.value}
              className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg py-2"
            >
              <input
                type="radio"
                value={option.value}
                className="mt-1 size-5 shrink-0 cursor-pointer accent-primary-strong"
                {...register('message_email')}
              />
              <span className="flex flex-col">
                <span className="font-semibold">{option.label}</span>
                <span className="text-sm text-muted">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldError('message_email') && (
          <p role="alert" className="text-sm font-medium text-danger-text">
            {fieldError('message_email')}
          </p>
        )}
      </fieldset>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-2xl font-bold">Quiet hours</legend>
        <Switch
          label="Pause e-mails and device notifications during quiet hours"
          description="Notifications still appear in Kindred; the rest wait until quiet hours end."
          {...register('quiet_hours.enabled')}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="From"
            type="time"
            error={fieldError('quiet_hours.start')}
            {...register('quiet_hours.start')}
          />
          <TextField
            label="Until"
            type="time"
            error={fieldError('quiet_hours.end')}
            {...register('quiet_hours.end')}
          />
        </div>
        <SelectField
          label="Time zone"
          hint="Quiet hours follow the clock of this time zone."
          error={fieldError('quiet_hours.time_zone')}
          {...register('quiet_hours.time_zone')}
        >
          <Options values={zones} label={(zone) => zone.replace(/_/g, ' ')} />
        </SelectField>
      </fieldset>

      <div className="flex flex-col gap-3">
        <FormAlert id={alertId} message={formError} />
        <Button type="submit" className="self-start" busy={formState.isSubmitting}>
          Save notification settings
        </Button>
      </div>
    </form>
  );
}
