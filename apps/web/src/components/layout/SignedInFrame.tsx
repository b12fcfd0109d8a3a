import { ChatRequestCard } from '../../features/listening/ChatRequestCard';
import { ChatRequestNotifier } from '../../features/listening/ChatRequestNotifier';
import { NotificationEvents } from '../../features/notifications/NotificationEvents';

/**
 * The parts of the frame that only matter once someone has signed in on this page: incoming
 * chat requests for listeners and the notification centre's live updates. A chunk of its own,
 * so that the front page and sign-in do not download the socket library.
 */
export default function SignedInFrame() {
  return (
    <>
      <ChatRequestNotifier />
      <ChatRequestCard />
      <NotificationEvents />
    </>
  );
}
