import { limits, type ConversationSummary, type ErrorCode } from '@kindred/protocol';
import { formatTime } from '../conversations/format';

/** Pure helpers of the inbox: previews, unread counts, times and error wording. */

type LastMessage = NonNullable<ConversationSummary['last_message']>;

const attachmentPreviews: Partial<Record<LastMessage['kind'], string>> = {
  image: '📷 Photo',
  file: '📄 File',
  voice: '🎤 Voice note',
  resource: '📚 Shared resource',
};

/** One line for the inbox row: the text, or what kind of attachment, "You: " for own messages. */
export function previewText(last: ConversationSummary['last_message'], myId: string): string {
  if (!last) return 'No messages yet';
  const body = attachmentPreviews[last.kind] ?? last.content.replace(/\s+/g, ' ').trim();
  return last.sender_id === myId && last.kind !== 'system' ? `You: ${body}` : body;
}

/** Muted until a time still to come (an "always" mute is a date far ahead). */
export function isMuted(summary: Pick<ConversationSummary, 'muted_until'>, now = new Date()) {
  return summary.muted_until !== null && new Date(summary.muted_until) > now;
}

/**
 * The header badge: unread messages across conversations, leaving out muted ones (muting a
 * conversation means it should not call for attention).
 */
export function totalUnread(
  conversations: readonly Pick<ConversationSummary, 'unread_count' | 'muted_until'>[],
  now = new Date(),
): number {
  return conversations.reduce(
    (sum, c) => (isMuted(c, now) ? sum : sum + Math.max(0, c.unread_count)),
    0,
  );
}

/** "3", or "99+" when there are too many to count on a badge. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

const startOfDay = (date: Date) =>
  new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** The row's time: "14:05" today, "Yesterday", a weekday within a week, else "3 Mar". */
export function inboxTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days <= 0) return formatTime(iso);
  if (days === 1) return 'Yesterday';
  if (days < 7) return date.toLocaleDateString(undefined, { weekday: 'long' });
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** Mutes more than a year ahead are "always". */
const ALWAYS_AFTER_MS = 365 * 86_400_000;

/** "Muted until 18:00", "Muted until Tue 4 Mar 09:00", or just "Muted" when muted for good. */
export function mutedText(mutedUntil: string, now = new Date()): string {
  const until = new Date(mutedUntil);
  if (until.getTime() - now.getTime() > ALWAYS_AFTER_MS) return 'Muted';
  const sameDay = startOfDay(until) === startOfDay(now);
  const when = sameDay
    ? formatTime(mutedUntil)
    : `${until.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} ${formatTime(mutedUntil)}`;
  return `Muted until ${when}`;
}

/** What went wrong with a message request, in words the sender can act on. */
export function requestErrorText(
  code: string,
  serverMessage: string,
  pseudonym: string,
  retryAfter: number | null = null,
  details: readonly { path: string; message: string }[] = [],
): string {
  // The cases are checked against the protocol's codes; any other code gets the server's words.
  switch (code as ErrorCode) {
    case 'MESSAGE_REQUEST_EXISTS':
      return existingConversationId(details)
        ? `You already have a conversation with ${pseudonym}: write to them there.`
        : `You already have a pending message request with ${pseudonym}. Wait for an answer, or cancel it under Requests › Sent.`;
    case 'MESSAGE_REQUEST_NOT_ALLOWED':
      return `${pseudonym} can't receive a message request from you. You can write to people you had a listening chat with in the last 30 days, or listeners who accept requests.`;
    case 'USER_BLOCKED':
      return `You can't send a message request to ${pseudonym}.`;
    case 'CONTENT_TOO_LONG':
      return `Your message is too long: keep it to ${limits.messageRequestMax} characters or fewer.`;
    case 'RATE_LIMITED':
      return retryAfter
        ? `You've sent a lot of message requests. Please wait ${waitText(retryAfter)} and try again.`
        : "You've sent a lot of message requests. Please wait a while and try again.";
    default:
      return serverMessage;
  }
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** MESSAGE_REQUEST_EXISTS names the pair's conversation when there is one already. */
export function existingConversationId(
  details: readonly { path: string; message: string }[],
): string | null {
  return details.find((d) => d.path === 'conversation_id')?.message ?? null;
}
