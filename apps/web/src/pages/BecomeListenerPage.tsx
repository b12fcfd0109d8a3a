import {
  applyListenerBodySchema,
  type ListenerApplication,
  type ListenerGuidelines,
  listenerMotivationMax,
} from '@kindred/protocol';
import { z } from 'zod';
import { Button } from '../components/ui/Button';
import { ButtonLink } from '../components/ui/ButtonLink';
import { FormCard } from '../components/ui/Card';
import { Checkbox } from '../components/ui/Checkbox';
import { FormAlert } from '../components/ui/FormAlert';
import { LoadingState } from '../components/ui/Spinner';
import { TextAreaField } from '../components/ui/TextAreaField';
import { useApiForm } from '../components/ui/use-api-form';
import {
  useApplyToListen,
  useListenerApplication,
  useListenerGuidelines,
} from '../features/listening/listener-api';
import { approvalText } from '../features/listening/ListenerApprovalNotice';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';
import { PageHeader } from '../components/ui/PageHeader';

/** The form insists on the box being ticked; the server says GUIDELINES_NOT_ACCEPTED otherwise. */
const formSchema = applyListenerBodySchema.extend({
  accept_guidelines: z.boolean().refine((accepted) => accepted, {
    message: 'Please confirm you have read and accept the guidelines',
  }),
});

function Guidelines({ guidelines }: { guidelines: ListenerGuidelines }) {
  return (
    <section
      aria-labelledby="guidelines-heading"
      className="flex flex-col gap-4 rounded-xl border border-line bg-raised p-4 sm:p-6"
    >
      <div className="flex flex-col gap-1">
        <h2 id="guidelines-heading" className="text-2xl">
          {guidelines.title}
        </h2>
        <p className="text-sm text-muted">Version {guidelines.version}</p>
      </div>
      <p>{guidelines.intro}</p>
      {guidelines.sections.map((section) => (
        <div key={section.heading} className="flex flex-col gap-1">
          <h3 className="text-lg font-semibold">{section.heading}</h3>
          <ul className="list-disc space-y-1 pl-6">
            {section.points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ApplicationStatus({ application }: { application: ListenerApplication }) {
  if (application.status === 'approved' || application.can_listen) {
    return (
      <section
        role="status"
        className="flex flex-col items-start gap-3 rounded-xl border border-line bg-raised p-4 sm:p-6"
      >
        <h2 className="text-2xl">You're an approved listener</h2>
        <p>Thank you for volunteering. Set yourself available whenever you have room to listen.</p>
        <ButtonLink to="/listener/queue">Go to the listener queue</ButtonLink>
      </section>
    );
  }
  const { title, body } = approvalText(application);
  return (
    <section
      role="status"
      className="flex flex-col items-start gap-3 rounded-xl border border-line bg-raised p-4 sm:p-6"
    >
      <h2 className="text-2xl">{title}</h2>
      <p>{body}</p>
      {application.applied_at && (
        <p className="text-sm text-muted">
          Applied on {new Date(application.applied_at).toLocaleDateString()}
        </p>
      )}
      {application.status === 'suspended' && (
        <ButtonLink to="/support" variant="secondary">
          Contact support
        </ButtonLink>
      )}
    </section>
  );
}

function ApplyForm() {
  const apply = useApplyToListen();
  const { form, field, submit, formError, alertId } = useApiForm(formSchema, {
    accept_guidelines: false,
    motivation: '',
  });
  const { errors, isSubmitting } = form.formState;
  const motivationLength = form.watch('motivation')?.length ?? 0;

  const onSubmit = submit(async (values) => {
    await apply.mutateAsync(values);
  });

  return (
    <FormCard headingId="apply-heading" title="Apply to listen" onSubmit={onSubmit}>
      <TextAreaField
        label="Why would you like to be a listener?"
        hint={`A few sentences is plenty (${motivationLength}/${listenerMotivationMax}).`}
        maxLength={listenerMotivationMax}
        {...field('motivation')}
      />
      <div className="flex flex-col gap-1">
        <Checkbox
          label="I have read and accept the listener guidelines"
          aria-invalid={Boolean(errors.accept_guidelines) || undefined}
          aria-describedby={errors.accept_guidelines ? 'accept-error' : undefined}
          {...form.register('accept_guidelines')}
        />
        {errors.accept_guidelines?.message && (
          <p id="accept-error" className="text-sm font-medium text-danger-text">
            {errors.accept_guidelines.message}
          </p>
        )}
      </div>
      <Button type="submit" busy={isSubmitting} className="self-start">
        Apply
      </Button>
      <FormAlert id={alertId} message={formError} />
    </FormCard>
  );
}

/** /listener/apply: the guidelines, the application form, then the application's status. */
export function BecomeListenerPage() {
  usePageTitle('Become a listener');
  const guidelines = useListenerGuidelines();
  const application = useListenerApplication();

  if (guidelines.isPending || application.isPending) return <LoadingState />;
  if (guidelines.isError || application.isError) {
    return (
      <div className="mx-auto flex max-w-xl flex-col gap-4 py-8">
        <h1 className="text-3xl">Become a listener</h1>
        <FormAlert message={errorMessage(guidelines.error ?? application.error)} />
      </div>
    );
  }
  const status = application.data.status;
  const canApply = status === 'none' || status === 'rejected';

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <PageHeader title="Become a listener">
        Listeners are volunteers who give their time to hear people out. Every new listener is
        welcomed by the Kindred team before sharers can find them.
      </PageHeader>
      {status !== 'none' && <ApplicationStatus application={application.data} />}
      {canApply && <Guidelines guidelines={guidelines.data} />}
      {canApply && <ApplyForm />}
    </div>
  );
}
