import { ListStates } from '../../components/ui/ListStates';
import { ConversationRow } from './ConversationRow';
import type { ConversationList } from './direct-api';
import { ListSwitch } from '../../components/ui/ListSwitch';
import { LoadMoreButton } from './LoadMoreButton';
import { useConversations } from './use-conversations';

const lists = [
  { key: 'active', label: 'Active' },
  { key: 'archived', label: 'Archived' },
] as const;

/** Who can be written to, for the empty inbox. */
function EmptyConversations({ list }: { list: ConversationList }) {
  if (list === 'archived') {
    return (
      <p className="text-muted">No archived conversations. Conversations you archive wait here.</p>
    );
  }
  return (
    <div className="flex flex-col gap-2 rounded-xl bg-surface p-4">
      <p className="font-semibold">No conversations yet</p>
      <p>
        You can send a message request to someone you had a listening chat with in the last 30 days,
        and to listeners who accept requests. When they accept, your conversation appears here.
      </p>
    </div>
  );
}

/** The Conversations tab: active or archived, newest first, with "Load more". */
export function ConversationsTab({
  myId,
  list,
  onList,
}: {
  myId: string;
  list: ConversationList;
  onList: (list: ConversationList) => void;
}) {
  // Row times ("14:05", "Yesterday") move on with the clock.
  const { query, conversations, now } = useConversations(list);

  return (
    <>
      <ListSwitch label="Which conversations" options={lists} selected={list} onSelect={onList} />
      <ListStates
        query={query}
        loading="Loading your conversations…"
        isEmpty={conversations.length === 0}
        empty={<EmptyConversations list={list} />}
        listLabel={list === 'active' ? 'Conversations' : 'Archived conversations'}
        listClassName="flex flex-col divide-y divide-line"
      >
        {conversations.map((c) => (
          <ConversationRow key={c.id} conversation={c} myId={myId} now={now} />
        ))}
      </ListStates>
      <LoadMoreButton query={query} />
    </>
  );
}
