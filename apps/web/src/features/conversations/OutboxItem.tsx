import { Button } from '../../components/ui/Button';
import { removeOutboxEntry } from './chat-actions';
import { bubbleClasses, type GroupPosition, MessageFrame } from './MessageFrame';
import type { OutboxEntry } from './outbox';

/** A message of the user's that the server has not stored yet: "Sending…", or failed. */
export function OutboxItem({
  entry,
  pseudonym,
  onEdit,
  group,
}: {
  entry: OutboxEntry;
  pseudonym: string;
  group?: GroupPosition;
  /** Puts the text back in the input ("Edit" on a failed message). */
  onEdit: (text: string) => void;
}) {
  const failed = entry.status === 'failed';
  return (
    <MessageFrame
      messageKey={entry.client_msg_id}
      own
      group={group}
      pseudonym={pseudonym}
      time={new Date(entry.created_at).toISOString()}
      mark={failed ? 'failed' : 'sending'}
      bubble={
        <div className={bubbleClasses(true)}>
          {entry.attachment && (
            <p className="text-sm text-on-bubble-own-muted">
              {entry.attachment.kind === 'voice' ? 'Voice note' : entry.attachment.name}
            </p>
          )}
          {entry.resource && (
            <p className="text-sm text-on-bubble-own-muted">Sharing “{entry.resource.title}”</p>
          )}
          {((!entry.attachment && !entry.resource) || entry.content) && (
            <p data-message-content>{entry.content}</p>
          )}
        </div>
      }
      below={
        failed && (
          <div className="flex flex-col items-end gap-1">
            <p className="text-right text-sm text-danger-text">{entry.error?.message}</p>
            <div className="flex gap-2">
              <Button
                variant="secondary"
                onClick={() => {
                  const text = removeOutboxEntry(entry.client_msg_id);
                  if (text !== null) onEdit(text);
                }}
              >
                Edit
              </Button>
              <Button variant="secondary" onClick={() => removeOutboxEntry(entry.client_msg_id)}>
                Remove
              </Button>
            </div>
          </div>
        )
      }
    />
  );
}
