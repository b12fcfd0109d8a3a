import type { ListenerApplication } from '@kindred/protocol';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { useListenerApplication } from './listener-api';

/** What a listener who may not listen yet should read, by application status. */
export function approvalText(application: ListenerApplication): { title: string; body: string } {
  switch (application.status) {
    case 'pending':
      return {
        title: 'Your application is being reviewed',
        body: "Thank you for applying. The Kindred team reviews every new listener; once you're approved you can set yourself available here.",
      };
    case 'rejected':
      return {
        title: 'Your application was not approved',
        body: application.reason
          ? `The team said: “${application.reason}”. You can update your answers and apply again.`
          : 'You can update your answers and apply again.',
      };
    case 'suspended':
      return {
        title: 'Your listener role is suspended',
        body: application.reason
          ? `The team said: “${application.reason}”. Contact support if you have questions.`
          : 'Contact support if you have questions.',
      };
    default:
      return {
        title: 'One step before you can listen',
        body: 'Please read the listener guidelines and apply. The team reviews each application, usually within a few days.',
      };
  }
}

/**
 * Shown where a listener would go available (dashboard, queue) while they may not yet: why, and
 * what to do next. Renders nothing for a listener who can listen.
 */
export function ListenerApprovalNotice() {
  const { data: application } = useListenerApplication();
  if (!application || application.can_listen) return null;
  const { title, body } = approvalText(application);
  const next =
    application.status === 'suspended' ? (
      <ButtonLink to="/support" variant="secondary">
        Contact support
      </ButtonLink>
    ) : (
      <ButtonLink to="/listener/apply" variant="secondary">
        {application.status === 'pending' ? 'View your application' : 'Apply to listen'}
      </ButtonLink>
    );
  return (
    <div
      role="status"
      className="flex flex-col items-start gap-2 rounded-lg border border-line bg-surface p-4"
    >
      <p className="font-semibold">{title}</p>
      <p className="text-sm">{body}</p>
      {next}
    </div>
  );
}
