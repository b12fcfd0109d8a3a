import { contactBodySchema, contactResponseSchema } from '@kindred/protocol';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../components/ui/Button';
import { FormAlert } from '../components/ui/FormAlert';
import { TextAreaField } from '../components/ui/TextAreaField';
import { TextField } from '../components/ui/TextField';
import { useApiForm } from '../components/ui/use-api-form';
import { EmailField } from '../features/identity/EmailField';
import { apiJson } from '../lib/api';
import { usePageTitle } from '../lib/use-page-title';
import { AuthCard } from './AuthCard';

/** /contact: the signed-out contact form, for someone locked out of the account or suspended. */
export function ContactPage() {
  usePageTitle('Contact us');
  const [sent, setSent] = useState(false);
  const { field, submit, formError, alertId, form } = useApiForm(contactBodySchema, {
    email: '',
    name: '',
    subject: '',
    message: '',
  });

  return (
    <AuthCard
      title="Contact us"
      intro="Cannot sign in, or your account was suspended? Write to the team; we answer by e-mail."
      footer={
        <Link to="/login" className="font-semibold text-primary-strong underline">
          Back to sign in
        </Link>
      }
    >
      {sent ? (
        <p role="status" className="rounded-lg bg-secondary-soft p-3 text-secondary-strong">
          Thank you, your message was sent. We will answer at the address you gave.
        </p>
      ) : (
        <form
          onSubmit={(event) =>
            void submit(async (values) => {
              await apiJson('POST', '/contact', contactResponseSchema, { body: values });
              setSent(true);
            })(event)
          }
          noValidate
          className="flex flex-col gap-4"
        >
          <EmailField {...field('email')} />
          <TextField label="Name (optional)" autoComplete="name" {...field('name')} />
          <TextField label="Subject" {...field('subject')} />
          <TextAreaField label="Message" rows={6} {...field('message')} />
          <Button type="submit" busy={form.formState.isSubmitting} className="w-full">
            Send
          </Button>
          <FormAlert id={alertId} message={formError} />
        </form>
      )}
    </AuthCard>
  );
}
