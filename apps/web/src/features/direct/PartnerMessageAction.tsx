import { useQuery } from '@tanstack/react-query';
import { Button } from '../../components/ui/Button';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { contactsQueryOptions } from './direct-api';

/**
 * On an ended listening chat: how to keep in touch with the partner. A message request, unless
 * the two already have a conversation (open it) or a request is waiting (say so).
 */
export function PartnerMessageAction({
  partnerId,
  pseudonym,
  onRequest,
}: {
  partnerId: string;
  pseudonym: string;
  onRequest: () => void;
}) {
  const { data } = useQuery(contactsQueryOptions);
  const contact = data?.data.contacts.find((c) => c.user.id === partnerId);
  if (contact?.conversation_id) {
    return (
      <ButtonLink to={`/messages/${contact.conversation_id}`} variant="secondary">
        Message {pseudonym}
      </ButtonLink>
    );
  }
  if (contact?.pending_request_id) {
    return (
      <ButtonLink to="/messages?tab=requests" variant="secondary">
        Message request pending<span className="sr-only"> with {pseudonym}</span>
      </ButtonLink>
    );
  }
  return (
    <Button variant="secondary" aria-haspopup="dialog" onClick={onRequest}>
      Send a message request
    </Button>
  );
}
