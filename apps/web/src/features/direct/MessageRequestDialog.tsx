import { limits, messageRequestContentSchema } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog, DialogActions, DialogForm, DialogSent } from '../../components/ui/Dialog';
import { CharacterCount, controlClasses, FieldError, FieldLabel } from '../../components/ui/Field';
import { FormAlert } from '../../components/ui/FormAlert';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { contactsQueryKey, requestsQueryKey, sendMessageRequest } from './direct-api';
import { existingConversationId, requestErrorText } from './inbox-format';

export interface RequestReceiver {
  id: string;
  pseudonym: string;
}

/**
 * "Send a message request" (the direct-messaging contract): a first message of up to 250
 * characters. The other person decides whether to start a conversation; until then nothing else can
 * be sent.
 */
export function MessageRequestDialog({
  receiver,
  onClose,
}: {
  /** Who the request goes to; null keeps the dialog closed. */
  receiver: RequestReceiver | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={receiver !== null}
      onClose={onClose}
      title={`Send a message request${receiver ? ` to ${receiver.pseudonym}` : ''}`}
    >
      {receiver && <RequestForm key={receiver.id} receiver={receiver} onClose={onClose} />}
    </Dialog>
  );
}

function RequestForm({ receiver, onClose }: { receiver: RequestReceiver; onClose: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [content, setContent] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<{
    code: string;
    text: string;
    conversationId: string | null;
  } | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);

  const length = content.length;
  const tooLong = length > limits.messageRequestMax;

  if (sent) {
    return (
      <DialogSent news={`Message request sent to ${receiver.pseudonym}.`} onClose={onClose}>
        You'll see their answer under Messages › Requests. If they accept, your conversation starts
        there.
      </DialogSent>
    );
  }

  async function submit() {
    const parsed = messageRequestContentSchema.safeParse(content);
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'Write a message first');
      document.getElementById(id)?.focus();
      return;
    }
    setFieldError(null);
    setFormError(null);
    setSending(true);
    try {
      await sendMessageRequest({ receiver_id: receiver.id, content: parsed.data });
      void queryClient.invalidateQueries({ queryKey: requestsQueryKey });
      void queryClient.invalidateQueries({ queryKey: contactsQueryKey });
      setSent(true);
    } catch (error) {
      if (error instanceof ApiError) {
        const text = requestErrorText(
          error.code,
          error.message,
          receiver.pseudonym,
          error.retryAfter,
          error.details,
        );
        if (error.code === 'CONTENT_TOO_LONG' || error.code === 'VALIDATION_ERROR') {
          setFieldError(text);
          document.getElementById(id)?.focus();
        } else {
          setFormError({
            code: error.code,
            text,
            conversationId: existingConversationId(error.details),
          });
        }
      } else {
        setFormError({ code: 'UNKNOWN', text: errorMessage(error), conversationId: null });
      }
    } finally {
      setSending(false);
    }
  }

  const describedBy = [`${id}-hint`, `${id}-count`, fieldError ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');

  return (
    <DialogForm onSubmit={submit}>
      <div className="flex flex-col gap-1">
        <FieldLabel htmlFor={id}>Your message</FieldLabel>
        <p id={`${id}-hint`} className="text-sm text-muted">
          Say hello and why you'd like to keep talking. {receiver.pseudonym} can accept or decline;
          they won't see anything else from you until they accept.
        </p>
        <textarea
          id={id}
          rows={4}
          value={content}
          autoFocus
          aria-invalid={fieldError || tooLong ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => {
            setContent(event.target.value);
            if (fieldError) setFieldError(null);
          }}
          className={`${controlClasses} resize-y`}
        />
        <div className="flex flex-wrap items-start justify-between gap-x-4 text-sm">
          <div>
            {(fieldError || tooLong) && (
              <FieldError id={`${id}-error`}>
                {fieldError ?? `Keep it to ${limits.messageRequestMax} characters or fewer`}
              </FieldError>
            )}
          </div>
          <CharacterCount id={`${id}-count`} length={length} max={limits.messageRequestMax} />
        </div>
      </div>
      <FormAlert message={formError?.text ?? null} />
      {formError?.conversationId ? (
        <Link to={`/messages/${formError.conversationId}`} onClick={onClose}>
          Open your conversation with {receiver.pseudonym}
        </Link>
      ) : (
        formError?.code === 'MESSAGE_REQUEST_EXISTS' && (
          <Link to="/messages?tab=requests&box=sent" onClick={onClose}>
            See your sent requests
          </Link>
        )
      )}
      <DialogActions onCancel={onClose}>
        <Button type="submit" busy={sending} disabled={tooLong}>
          Send request
        </Button>
      </DialogActions>
    </DialogForm>
  );
}
