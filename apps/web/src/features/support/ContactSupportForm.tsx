import { createSupportTicketBodySchema, supportSubjectMax } from '@kindred/protocol';
import { Button } from '../../components/ui/Button';
import { FormCard } from '../../components/ui/Card';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { TextField } from '../../components/ui/TextField';
import { useApiForm } from '../../components/ui/use-api-form';
import { useCreateSupportTicket } from './support-api';

/** "Contact support": a subject and a first message; opens the new ticket when sent. */
export function ContactSupportForm({ onCreated }: { onCreated: (ticketId: string) => void }) {
  const create = useCreateSupportTicket();
  const { form, field, submit, formError, alertId } = useApiForm(createSupportTicketBodySchema, {
    subject: '',
    content: '',
  });

  const onSubmit = submit(async (values) => {
    const { ticket } = await create.mutateAsync({
      ...values,
      client_msg_id: crypto.randomUUID(),
    });
    onCreated(ticket.id);
  });

  return (
    <FormCard headingId="contact-support-heading" title="Contact support" onSubmit={onSubmit}>
      <p className="text-sm text-muted">
        Questions about your account, a problem with the site, or something that worried you: the
        Kindred team reads every message. For an emergency, call your local emergency number.
      </p>
      <TextField label="Subject" maxLength={supportSubjectMax} {...field('subject')} />
      <TextAreaField label="How can we help?" {...field('content')} />
      <Button type="submit" busy={form.formState.isSubmitting} className="self-start">
        Send to support
      </Button>
      <FormAlert id={alertId} message={formError} />
    </FormCard>
  );
}
