import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../components/ui/Button';
import { ConversationsTab } from '../features/direct/ConversationsTab';
import {
  requestsQueryOptions,
  type ConversationList,
  type RequestBox,
} from '../features/direct/direct-api';
import { InboxTabs } from '../features/direct/InboxTabs';
import {
  MessageRequestDialog,
  type RequestReceiver,
} from '../features/direct/MessageRequestDialog';
import { NewRequestDialog } from '../features/direct/NewRequestDialog';
import { RequestsTab } from '../features/direct/RequestsTab';
import { useSessionStore } from '../features/identity/session-store';
import { usePageTitle } from '../lib/use-page-title';

type Tab = 'conversations' | 'requests';

/**
 * /messages: the inbox (the direct-messaging contract + the user-chat contract): conversations and
 * message requests.
 */
export function MessagesPage() {
  usePageTitle('Messages');
  const me = useSessionStore((state) => state.user);
  const [params, setParams] = useSearchParams();
  const [choosing, setChoosing] = useState(false);
  const [receiver, setReceiver] = useState<RequestReceiver | null>(null);
  const tab: Tab = params.get('tab') === 'requests' ? 'requests' : 'conversations';
  const list: ConversationList = params.get('list') === 'archived' ? 'archived' : 'active';
  const box: RequestBox = params.get('box') === 'sent' ? 'sent' : 'received';
  const received = useInfiniteQuery(requestsQueryOptions('received'));
  const waiting = received.data?.pages.reduce((n, page) => n + page.data.requests.length, 0) ?? 0;

  /** Tab and list live in the address, so Back and reload keep them. */
  const show = (changes: Record<string, string>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) next.set(key, value);
        return next;
      },
      { replace: true },
    );

  if (!me) return null;

  return (
    <div className="mx-auto flex w-full max-w-3xl gap-6 xl:max-w-none">
      <div className="flex min-w-0 flex-1 flex-col gap-6 xl:max-w-md">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-3xl">Messages</h1>
          <Button aria-haspopup="dialog" onClick={() => setChoosing(true)}>
            New message request
          </Button>
        </div>
        <InboxTabs
          label="Messages"
          selected={tab}
          onSelect={(key) => show({ tab: key })}
          tabs={[
            { key: 'conversations', label: 'Conversations' },
            {
              key: 'requests',
              label: (
                <>
                  Requests
                  {waiting > 0 && (
                    <span className="inline-flex min-w-6 items-center justify-center rounded-full bg-primary-strong px-1.5 text-sm text-on-accent">
                      {waiting}
                      <span className="sr-only"> waiting</span>
                    </span>
                  )}
                </>
              ),
            },
          ]}
        >
          {tab === 'conversations' ? (
            <ConversationsTab myId={me.id} list={list} onList={(next) => show({ list: next })} />
          ) : (
            <RequestsTab box={box} onBox={(next) => show({ box: next })} />
          )}
        </InboxTabs>
        <NewRequestDialog
          open={choosing}
          onClose={() => setChoosing(false)}
          onChoose={(chosen) => {
            setChoosing(false);
            setReceiver(chosen);
          }}
        />
        <MessageRequestDialog receiver={receiver} onClose={() => setReceiver(null)} />
      </div>
      {/* Wide screens: where a conversation opens, beside the inbox. */}
      <div className="hidden flex-1 items-center justify-center rounded-xl border border-dashed border-line p-8 text-center text-muted xl:flex">
        <p>Choose a conversation to read it here.</p>
      </div>
    </div>
  );
}
