import { type FormEvent, type ReactNode, useState } from 'react';
import { Button } from '../components/ui/Button';
import { FormAlert } from '../components/ui/FormAlert';

/** The narrow centred card used by the sign-in and registration pages. */
export function AuthCard({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-6 py-4">
      <div className="flex flex-col gap-2">
        <h1 className="text-3xl">{title}</h1>
        <p className="text-muted">{intro}</p>
      </div>
      <div className="rounded-xl border border-line bg-raised p-4 sm:p-6">{children}</div>
      <p className="text-center">{footer}</p>
    </div>
  );
}

/**
 * An auth card's form, sent with `action`, that gives way to the `status` message once it went
 * through (a link sent, a password changed): the fields, then the submit button and the
 * form-level alert.
 */
export function FormOrStatus<Output>({
  api,
  action,
  status,
  submitLabel,
  children,
}: {
  api: {
    submit: (action: (values: Output) => Promise<void>) => (event?: FormEvent) => Promise<void>;
    form: { formState: { isSubmitting: boolean } };
    alertId: string;
    formError: string | null;
  };
  action: (values: Output) => Promise<unknown>;
  status: ReactNode;
  submitLabel: string;
  children: ReactNode;
}) {
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <p role="status" className="rounded-lg bg-secondary-soft p-3 text-secondary-strong">
        {status}
      </p>
    );
  }
  const send = api.submit(async (values) => {
    await action(values);
    setDone(true);
  });
  return (
    <form onSubmit={(event) => void send(event)} noValidate className="flex flex-col gap-4">
      {children}
      <Button type="submit" busy={api.form.formState.isSubmitting} className="w-full">
        {submitLabel}
      </Button>
      <FormAlert id={api.alertId} message={api.formError} />
    </form>
  );
}
