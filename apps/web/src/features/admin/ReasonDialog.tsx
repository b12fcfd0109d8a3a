import { useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { Button } from '../../components/ui/Button';
import type { ButtonVariant } from '../../components/ui/button-styles';
import { Dialog, DialogActions, DialogForm } from '../../components/ui/Dialog';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { useAsyncAction } from '../../lib/use-async-action';

/** What a reason dialog asks, and how its button reads. */
export interface ReasonPrompt {
  title: (pseudonym: string) => string;
  /** What is about to happen, above the field. */
  intro?: ReactNode;
  field: { label: string; hint: string; maxLength: number };
  /** The field's error when it is left empty. */
  requiredError: string;
  submit: { label: string; variant?: ButtonVariant };
}

interface UserProp {
  /** Who it is about; null keeps the dialog closed. */
  user: { id: string; pseudonym: string } | null;
}

interface ReasonFormProps {
  prompt: ReasonPrompt;
  onClose: () => void;
  /** Sends the text; a rejection is shown in the dialog. */
  onSubmit: (text: string) => Promise<void>;
}

/**
 * Makes a dialog about one user that asks for a required text (a ban's reason, a warning) and
 * sends it with `onSubmit`; a rejection is shown in the dialog.
 */
export function reasonDialog(prompt: ReasonPrompt) {
  return function ReasonDialog({ user, ...form }: Omit<ReasonFormProps, 'prompt'> & UserProp) {
    return (
      <Dialog
        open={user !== null}
        onClose={form.onClose}
        title={prompt.title(user?.pseudonym ?? '')}
      >
        {user && <ReasonForm prompt={prompt} {...form} />}
      </Dialog>
    );
  };
}

/**
 * A reason's text area: `fieldProps` go into the TextAreaField; `take` gives the trimmed text, or
 * null when it is empty but `missing` says it is required (that error is shown, the field focused).
 */
export function useReasonField() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const ref = useRef<HTMLTextAreaElement>(null);

  function take(missing?: string) {
    const trimmed = text.trim();
    if (trimmed || !missing) return trimmed;
    setError(missing);
    ref.current?.focus();
    return null;
  }

  const fieldProps = {
    ref,
    value: text,
    error,
    onChange: (event: ChangeEvent<HTMLTextAreaElement>) => {
      setText(event.target.value);
      if (error) setError(undefined);
    },
  };
  return { take, fieldProps };
}

function ReasonForm({ prompt, onClose, onSubmit }: ReasonFormProps) {
  const reason = useReasonField();
  const sending = useAsyncAction();

  async function submit() {
    const trimmed = reason.take(prompt.requiredError);
    if (trimmed !== null) await sending.run(() => onSubmit(trimmed));
  }

  return (
    <DialogForm onSubmit={submit}>
      {prompt.intro && <p>{prompt.intro}</p>}
      <TextAreaField {...prompt.field} {...reason.fieldProps} required autoFocus />
      <FormAlert message={sending.error} />
      <DialogActions onCancel={onClose}>
        <Button type="submit" variant={prompt.submit.variant} busy={sending.busy}>
          {prompt.submit.label}
        </Button>
      </DialogActions>
    </DialogForm>
  );
}
