import { MESSAGE_MAX_CHARS, messageContentSchema, type ChatMessage } from '@kindred/protocol';
import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { editMessage } from './chat-actions';

/** Inline editing of an own message: Enter saves, Escape cancels. */
export function EditMessageForm({ message, onDone }: { message: ChatMessage; onDone: () => void }) {
  const id = useId();
  const [text, setText] = useState(message.content);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const tooLong = text.length > MESSAGE_MAX_CHARS;

  async function save() {
    const parsed = messageContentSchema.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Write a message first');
      return;
    }
    if (parsed.data === message.content) {
      onDone();
      return;
    }
    setSaving(true);
    const failure = await editMessage(message.session_id, message.id, parsed.data);
    setSaving(false);
    if (failure) setError(failure.error);
    else onDone();
  }

  return (
    <form
      className="flex w-72 max-w-full flex-col gap-2 rounded-2xl border border-control bg-raised p-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Edit message
      </label>
      <textarea
        id={id}
        value={text}
        autoFocus
        aria-invalid={error || tooLong ? true : undefined}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onDone();
          } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void save();
          }
        }}
        className="field-sizing-content max-h-48 min-h-11 w-full resize-none rounded-lg border border-control px-3 py-2 text-ink"
      />
      <p id={`${id}-count`} className={`text-sm ${tooLong ? 'text-danger-text' : 'text-muted'}`}>
        {text.length}/{MESSAGE_MAX_CHARS}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-danger-text">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
        <Button type="submit" busy={saving} disabled={tooLong}>
          Save
        </Button>
      </div>
    </form>
  );
}
