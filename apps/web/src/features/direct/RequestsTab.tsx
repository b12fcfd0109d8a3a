import type { MessageRequest, RespondToRequestBody } from '@kindred/protocol';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { Avatar } from '../../components/ui/Avatar';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { ListStates } from '../../components/ui/ListStates';
import { showToast } from '../../components/ui/toast-store';
import { useAsyncAction } from '../../lib/use-async-action';
import {
  contactsQueryKey,
  conversationsQueryKey,
  requestsQueryKey,
  requestsQueryOptions,
  respondToRequest,
  type RequestBox,
} from './direct-api';
import { inboxTime } from './inbox-format';
import { ListSwitch } from '../../components/ui/ListSwitch';
import { LoadMoreButton } from './LoadMoreButton';

const boxes = [
  { key: 'received', label: 'Received' },
  { key: 'sent', label: 'Sent' },
] as const;

type Action = RespondToRequestBody['action'];

function RequestRow({
  request,
  box,
  onAnswered,
}: {
  request: MessageRequest;
  box: RequestBox;
  /** Declined or cancelled: the row goes away, and focus must go somewhere sensible. */
  onAnswered: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { pending: busy, error, run } = useAsyncAction<Action>();
  const other = box === 'received' ? request.sender : request.receiver;

  const respond = (action: Action) =>
    run(async () => {
      const result = await respondToRequest(request.id, action);
      void queryClient.invalidateQueries({ queryKey: requestsQueryKey });
      void queryClient.invalidateQueries({ queryKey: contactsQueryKey });
      void queryClient.invalidateQueries({ queryKey: conversationsQueryKey });
      if (action === 'accept' && result.data.conversation_id) {
        void navigate(`/messages/${result.data.conversation_id}`);
        return;
      }
      onAnswered();
      showToast(
        action === 'decline'
          ? `Request from ${other.pseudonym} declined`
          : `Request to ${other.pseudonym} cancelled`,
      );
    }, action);

  return (
    <li className="flex flex-col gap-3 rounded-xl border border-line p-4">
      <div className="flex items-center gap-3">
        <Avatar url={other.profile_picture_url} pseudonym={other.pseudonym} className="size-10" />
        <p className="min-w-0 flex-1">
          <span className="font-semibold">
            {box === 'received' ? `From ${other.pseudonym}` : `To ${other.pseudonym}`}
          </span>
        </p>
        <time dateTime={request.created_at} className="text-sm text-muted">
          {inboxTime(request.created_at)}
        </time>
      </div>
      <blockquote className="rounded-lg bg-surface px-3 py-2 break-words whitespace-pre-wrap">
        {request.preview_text}
      </blockquote>
      <div className="flex flex-wrap gap-2">
        {box === 'received' ? (
          <>
            <Button
              busy={busy === 'accept'}
              disabled={busy !== null}
              onClick={() => void respond('accept')}
            >
              Accept<span className="sr-only"> request from {other.pseudonym}</span>
            </Button>
            <Button
              variant="secondary"
              busy={busy === 'decline'}
              disabled={busy !== null}
              onClick={() => void respond('decline')}
            >
              Decline<span className="sr-only"> request from {other.pseudonym}</span>
            </Button>
          </>
        ) : (
          <Button
            variant="secondary"
            busy={busy === 'cancel'}
            disabled={busy !== null}
            onClick={() => void respond('cancel')}
          >
            Cancel request<span className="sr-only"> to {other.pseudonym}</span>
          </Button>
        )}
      </div>
      <FormAlert message={error} />
    </li>
  );
}

/** The Requests tab: pending requests received (accept / decline) or sent (cancel). */
export function RequestsTab({ box, onBox }: { box: RequestBox; onBox: (box: RequestBox) => void }) {
  const query = useInfiniteQuery(requestsQueryOptions(box));
  const switchRef = useRef<HTMLDivElement>(null);
  const requests = query.data?.pages.flatMap((page) => page.data.requests) ?? [];

  return (
    <>
      <ListSwitch
        label="Which requests"
        options={boxes}
        selected={box}
        onSelect={onBox}
        groupRef={switchRef}
      />
      <ListStates
        query={query}
        loading="Loading message requests…"
        isEmpty={requests.length === 0}
        empty={
          <p className="text-muted">
            {box === 'received'
              ? 'No message requests waiting for you.'
              : 'None of your message requests are waiting for an answer.'}
          </p>
        }
        listLabel={box === 'received' ? 'Requests received' : 'Requests sent'}
        listClassName="flex flex-col gap-3"
      >
        {requests.map((request) => (
          <RequestRow
            key={request.id}
            request={request}
            box={box}
            onAnswered={() =>
              switchRef.current?.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus()
            }
          />
        ))}
      </ListStates>
      <LoadMoreButton query={query} />
    </>
  );
}
