import { Link } from 'react-router';
import { ListStates } from '../../components/ui/ListStates';
import { ConversationRow } from './ConversationRow';
import { LoadMoreButton } from './LoadMoreButton';
import { useConversations } from './use-conversations';

/**
 * Wide screens: the conversations beside the open one (as messaging apps do), the open one
 * marked. Narrow screens have the inbox as its own page instead.
 */
export function InboxSidebar({ myId, currentId }: { myId: string; currentId: string }) {
  const { query, conversations, now } = useConversations('active');

  return (
    <nav
      aria-label="Your conversations"
      className="hidden w-80 shrink-0 flex-col gap-2 overflow-y-auto rounded-xl border border-line bg-raised p-2 xl:flex"
    >
      <Link
        to="/messages"
        className="inline-flex min-h-11 items-center rounded-lg px-3 text-lg font-bold text-ink no-underline hover:bg-surface"
      >
        Messages
      </Link>
      <ListStates
        query={query}
        loading="Loading your conversations…"
        isEmpty={conversations.length === 0}
        empty={<p className="px-3 text-muted">No other conversations yet.</p>}
        listLabel="Your conversations"
        listClassName="flex flex-col divide-y divide-line"
      >
        {conversations.map((c) => (
          <ConversationRow
            key={c.id}
            conversation={c}
            myId={myId}
            now={now}
            current={c.id === currentId}
          />
        ))}
      </ListStates>
      <LoadMoreButton query={query} />
    </nav>
  );
}
