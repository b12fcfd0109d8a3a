import type { ChatMessage } from '@kindred/protocol';
import { memo, useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { showToast } from '../../components/ui/toast-store';
import { openReport } from '../safety/report-store';
import { deleteMessage } from './chat-actions';
import { EditMessageForm } from './EditMessageForm';
import { canDelete, canEdit, formatTime } from './format';
import { bubbleClasses, type DeliveryMark, type GroupPosition, MessageFrame } from './MessageFrame';
import { OptionsMenu } from './Popover';
import { AttachmentView } from '../attachments/AttachmentView';
import { ResourceMessageCard } from '../resources/ResourceMessageCard';
import { ReactionCounts, ReactionPicker } from './Reactions';

/** A stored message, with reactions and (for own messages) edit and delete. */
export const MessageItem = memo(function MessageItem({
  message,
  myId,
  mark,
  readOnly,
  group,
}: {
  message: ChatMessage;
  myId: string;
  mark?: DeliveryMark;
  readOnly: boolean;
  group?: GroupPosition;
}) {
  const [editing, setEditing] = useState(false);
  const wasEditing = useRef(false);
  const actionsRef = useRef<HTMLDivElement>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const own = message.is_own_message;

  // Back from editing: focus returns to the options button the edit started from.
  useEffect(() => {
    if (wasEditing.current && !editing) {
      actionsRef.current
        ?.querySelector<HTMLElement>('button[aria-label="Message options"]')
        ?.focus();
    }
    wasEditing.current = editing;
  }, [editing]);

  if (message.kind === 'system') {
    return (
      <li className="px-4 text-center text-sm text-muted italic">
        {message.content} <time dateTime={message.sent_at}>{formatTime(message.sent_at)}</time>
      </li>
    );
  }

  // A message removed by a moderator is shown like a deleted one, with its own wording.
  const deleted = Boolean(message.deleted_at) || message.removed;
  const editable = !readOnly && canEdit(message);
  const deletable = !readOnly && canDelete(message);

  async function confirmDelete() {
    setDeleting(true);
    const failure = await deleteMessage(message.session_id, message.id);
    setDeleting(false);
    setConfirmingDelete(false);
    if (failure) showToast(failure.error, 'error');
  }

  const bubble = deleted ? (
    <p
      data-message-content
      className="rounded-2xl border border-line bg-raised px-4 py-2 text-muted italic"
    >
      {message.removed ? 'Removed by a moderator' : 'Message deleted'}
    </p>
  ) : editing ? (
    <EditMessageForm message={message} onDone={() => setEditing(false)} />
  ) : (
    <div className={bubbleClasses(own)}>
      {message.attachment && (
        <div className={message.content ? 'mb-2' : ''}>
          <AttachmentView attachment={message.attachment} caption={message.content} own={own} />
        </div>
      )}
      {message.kind === 'resource' && (
        <div className={message.content ? 'mb-2' : ''}>
          <ResourceMessageCard resource={message.resource ?? null} own={own} />
        </div>
      )}
      {((!message.attachment && message.kind !== 'resource') || message.content) && (
        <p data-message-content>{message.content}</p>
      )}
      {message.edited_at && (
        <p className={`text-sm ${own ? 'text-on-bubble-own-muted' : 'text-muted'}`}>(edited)</p>
      )}
    </div>
  );

  const reportable = !own && !deleted && message.sender_id !== null;
  const ownActions =
    deleted || editing || readOnly ? null : (
      <>
        <ReactionPicker message={message} myId={myId} />
        {(editable || deletable) && (
          <OptionsMenu label="Message options" align="end">
            {(close) => (
              <div className="flex w-max flex-col">
                {editable && (
                  <button
                    type="button"
                    onClick={() => {
                      close(false);
                      setEditing(true);
                    }}
                    className="min-h-11 rounded-lg px-4 text-left font-semibold hover:bg-surface"
                  >
                    Edit
                  </button>
                )}
                {deletable && (
                  <button
                    type="button"
                    onClick={() => {
                      close();
                      setConfirmingDelete(true);
                    }}
                    className="min-h-11 rounded-lg px-4 text-left font-semibold text-danger-text hover:bg-danger-soft"
                  >
                    Delete
                  </button>
                )}
              </div>
            )}
          </OptionsMenu>
        )}
      </>
    );
  // Someone else's message: react while the chat is open, report it at any time.
  const partnerActions = deleted ? null : (
    <>
      {!readOnly && <ReactionPicker message={message} myId={myId} />}
      {reportable && (
        <OptionsMenu label="Message options" align="start">
          {(close) => (
            <div className="flex w-max flex-col">
              <button
                type="button"
                aria-haspopup="dialog"
                onClick={() => {
                  // Focus goes back to the options button, and from there the dialog returns it.
                  close();
                  openReport({
                    userId: message.sender_id ?? '',
                    pseudonym: message.sender_pseudonym,
                    sessionId: message.session_id,
                    messageId: message.id,
                    excerpt:
                      message.content.length > 140
                        ? `${message.content.slice(0, 140)}…`
                        : message.content,
                  });
                }}
                className="min-h-11 rounded-lg px-4 text-left font-semibold text-danger-text hover:bg-danger-soft"
              >
                Report message
              </button>
            </div>
          )}
        </OptionsMenu>
      )}
    </>
  );
  const actions = own ? ownActions : partnerActions;

  return (
    <MessageFrame
      messageKey={message.id}
      own={own}
      group={group}
      pseudonym={message.sender_pseudonym}
      time={message.sent_at}
      mark={deleted ? undefined : mark}
      bubble={bubble}
      actions={actions}
      actionsRef={actionsRef}
      below={
        <>
          {!deleted && <ReactionCounts message={message} myId={myId} />}
          <Dialog
            open={confirmingDelete}
            onClose={() => setConfirmingDelete(false)}
            title="Delete this message?"
          >
            <p>It will be replaced by “Message deleted” for everyone in this chat.</p>
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={() => setConfirmingDelete(false)} autoFocus>
                Keep it
              </Button>
              <Button variant="danger" busy={deleting} onClick={() => void confirmDelete()}>
                Delete
              </Button>
            </div>
          </Dialog>
        </>
      }
    />
  );
});
