import type { ConversationSummary } from '@kindred/protocol';
import { Link } from 'react-router';
import { Avatar } from '../../components/ui/Avatar';
import { badgeText, inboxTime, isMuted, mutedText, previewText } from './inbox-format';

/** A bell with a line through it: the conversation is muted. */
function MutedIcon({ className = 'size-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={className}>
      <path d="M4.2 2.8a1 1 0 0 0-1.4 1.4l13 13a1 1 0 0 0 1.4-1.4l-1.5-1.5H16a1 1 0 0 0 .7-1.7L15.4 11V8a5.4 5.4 0 0 0-4.4-5.3V2a1 1 0 1 0-2 0v.7a5.3 5.3 0 0 0-2.6 1.3L4.2 2.8ZM4.6 8.3 12 15.7H4a1 1 0 0 1-.7-1.7l1.3-1.4V8.3ZM8 16.7h4a2 2 0 0 1-4 0Z" />
    </svg>
  );
}

/** One inbox row: the whole row is the link to the conversation. */
export function ConversationRow({
  conversation,
  myId,
  now,
  current = false,
}: {
  conversation: ConversationSummary;
  myId: string;
  now: Date;
  /** The conversation open beside the list (two-pane inbox). */
  current?: boolean;
}) {
  const { user, unread_count: unread } = conversation;
  const muted = isMuted(conversation, now);
  const preview = previewText(conversation.last_message, myId);
  const time = conversation.last_message?.created_at ?? conversation.last_activity;

  return (
    <li>
      <Link
        to={`/messages/${conversation.id}`}
        aria-current={current ? 'page' : undefined}
        className="flex items-center gap-3 rounded-xl px-3 py-3 text-ink no-underline hover:bg-surface aria-[current=page]:bg-primary-soft"
      >
        <span className="relative shrink-0">
          <Avatar url={user.profile_picture_url} pseudonym={user.pseudonym} className="size-12" />
          {user.is_online && (
            <span
              aria-hidden="true"
              className="absolute right-0 bottom-0 size-3.5 rounded-full border-2 border-raised bg-secondary-strong"
            />
          )}
        </span>
        <span className="flex min-w-0 flex-1 flex-col">
          <span className="flex items-baseline gap-2">
            <span className={`truncate ${unread > 0 ? 'font-bold' : 'font-semibold'}`}>
              {user.pseudonym}
            </span>
            {user.is_online && <span className="sr-only">, online</span>}
            {muted && conversation.muted_until && (
              <span
                className="inline-flex items-center text-muted"
                title={mutedText(conversation.muted_until, now)}
              >
                <MutedIcon />
                <span className="sr-only">, {mutedText(conversation.muted_until, now)}</span>
              </span>
            )}
            {/* Only the blocker is told; the other side finds out when a message is refused. */}
            {conversation.blocked_by_me && <span className="text-sm text-muted">· Blocked</span>}
            <time dateTime={time} className="ml-auto shrink-0 text-sm text-muted">
              {inboxTime(time, now)}
            </time>
          </span>
          <span className="flex items-center gap-2">
            <span className={`truncate text-sm ${unread > 0 ? 'text-ink' : 'text-muted'}`}>
              <span className="sr-only">, </span>
              {preview}
            </span>
            {unread > 0 && (
              <span
                className={`ml-auto inline-flex min-w-6 shrink-0 items-center justify-center rounded-full px-1.5 text-sm font-bold ${
                  // Muted: still counted, but quietly.
                  muted
                    ? 'border border-control bg-surface text-muted'
                    : 'bg-primary-strong text-on-accent'
                }`}
              >
                <span aria-hidden="true">{badgeText(unread)}</span>
                <span className="sr-only">
                  , {unread} unread {unread === 1 ? 'message' : 'messages'}
                </span>
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
}
