import { useQuery } from '@tanstack/react-query';
import { Avatar } from '../../components/ui/Avatar';
import { Button } from '../../components/ui/Button';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { Dialog, DialogEndButton } from '../../components/ui/Dialog';
import { FormAlert } from '../../components/ui/FormAlert';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/api-error';
import { contactsQueryOptions } from './direct-api';
import { inboxTime } from './inbox-format';
import type { RequestReceiver } from './MessageRequestDialog';

/** "New message request": the people the user may write to (recent listening partners). */
export function NewRequestDialog({
  open,
  onClose,
  onChoose,
}: {
  open: boolean;
  onClose: () => void;
  /** Someone was chosen: the caller opens the request form for them. */
  onChoose: (receiver: RequestReceiver) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="New message request">
      <ContactList onChoose={onChoose} />
      <DialogEndButton variant="secondary" onClick={onClose}>
        Close
      </DialogEndButton>
    </Dialog>
  );
}

function ContactList({ onChoose }: { onChoose: (receiver: RequestReceiver) => void }) {
  const query = useQuery(contactsQueryOptions);
  if (query.isPending) return <LoadingState label="Loading people you can write to…" />;
  if (query.isError) return <FormAlert message={errorMessage(query.error)} />;
  const contacts = query.data.data.contacts;
  if (contacts.length === 0) {
    return (
      <p>
        No one to write to yet. After a listening chat you can send the other person a message
        request for 30 days.
      </p>
    );
  }
  return (
    <>
      <p className="text-muted">People you had a listening chat with recently.</p>
      <ul
        aria-label="People you can write to"
        className="flex max-h-80 flex-col gap-2 overflow-y-auto"
      >
        {contacts.map(({ user, last_session_at, conversation_id, pending_request_id }) => (
          <li key={user.id} className="flex items-center gap-3 rounded-lg border border-line p-2">
            <Avatar url={user.profile_picture_url} pseudonym={user.pseudonym} className="size-10" />
            <span className="flex min-w-0 flex-1 flex-col">
              <span className="truncate font-semibold">{user.pseudonym}</span>
              {last_session_at && (
                <span className="text-sm text-muted">
                  Chatted <time dateTime={last_session_at}>{inboxTime(last_session_at)}</time>
                </span>
              )}
            </span>
            {conversation_id ? (
              <ButtonLink to={`/messages/${conversation_id}`} variant="secondary">
                Open<span className="sr-only"> conversation with {user.pseudonym}</span>
              </ButtonLink>
            ) : pending_request_id ? (
              <span className="text-sm text-muted">Request pending</span>
            ) : (
              <Button
                variant="secondary"
                aria-haspopup="dialog"
                onClick={() => onChoose({ id: user.id, pseudonym: user.pseudonym })}
              >
                Write<span className="sr-only"> to {user.pseudonym}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
