import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { LoadingState } from '../../components/ui/Spinner';
import { FormAlert } from '../../components/ui/FormAlert';
import { errorMessage } from '../../lib/api-error';
import { ConversationRow } from './ConversationRow';
import { conversationsQueryOptions, type ConversationList } from './direct-api';
import { ListSwitch } from './InboxTabs';
import { LoadMoreButton } from './LoadMoreButton';

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
  const query = useInfiniteQuery(conversationsQueryOptions(list));
  // Row times ("14:05", "Yesterday") move on with the clock.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const conversations = query.data?.pages.flatMap((page) => page.data.conversations) ?? [];

  return (
    <>
      <ListSwitch label="Which conversations" options={lists} selected={list} onSelect={onList} />
      {query.isPending ? (
        <LoadingState label="Loading your conversations…" />
      ) : query.isError ? (
        <div className="flex flex-col items-start gap-2">
          <FormAlert message={errorMessage(query.error)} />
          <Button variant="secondary" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </div>
      ) : conversations.length === 0 ? (
        <EmptyConversations list={list} />
      ) : (
        <ul
          aria-label={list === 'active' ? 'Conversations' : 'Archived conversations'}
          className="flex flex-col divide-y divide-line"
        >
          {conversations.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              myId={myId}
              now={now}
            />
          ))}
        </ul>
      )}
      <LoadMoreButton query={query} />
    </>
  );
}
