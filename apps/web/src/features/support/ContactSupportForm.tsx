import { zodResolver } from '@hookform/resolvers/zod';
import { createSupportTicketBodySchema, supportSubjectMax } from '@kindred/protocol';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { TextField } from '../../components/ui/TextField';
import { applyServerErrors } from '../../lib/form-errors';
import { useCreateSupportTicket } from './support-api';

type FormInput = z.input<typeof createSupportTicketBodySchema>;
type FormOutput = z.output<typeof createSupportTicketBodySchema>;

/** "Contact support": a subject and a first message; opens the new ticket when sent. */
export function ContactSupportForm({ onCreated }: { onCreated: (ticketId: string) => void }) {
  const create = useCreateSupportTicket();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createSupportTicketBodySchema),
    defaultValues: { subject: '', content: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { ticket } = await create.mutateAsync({
        ...values,
        client_msg_id: crypto.randomUUID(),
      });
      onCreated(ticket.id);
    } catch (error) {
      setFormError(applyServerErrors(error, setError, ['subject', 'content']));
    }
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="contact-support-heading"
      className="flex flex-col gap-4 rounded-xl border border-line bg-white p-4 sm:p-6"
    >
      <h2 id="contact-support-heading" className="text-2xl">
        Contact support
      </h2>
      <p className="text-sm text-muted">
        Questions about your account, a problem with the site, or something that worried you: the
        Kindred team reads every message. For an emergency, call your local emergency number.
      </p>
      <TextField
        label="Subject"
        maxLength={supportSubjectMax}
        error={errors.subject?.message}
        invalid={Boolean(errors.subject)}
        {...register('subject')}
      />
      <TextAreaField
        label="How can we help?"
        error={errors.content?.message}
        aria-invalid={Boolean(errors.content) || undefined}
        {...register('content')}
      />
      <Button type="submit" busy={isSubmitting} className="self-start">
        Send to support
      </Button>
      <FormAlert message={formError} />
    </form>
  );
}
