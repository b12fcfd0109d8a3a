import type { ChatMessage, Conversation } from '@kindred/protocol';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ArrowDownIcon } from '../../components/ui/icons';
import { showToast } from '../../components/ui/toast-store';
import { errorMessage } from '../../lib/api-error';
import { listen } from '../../lib/listen';
import { useConnectionStore } from '../../lib/socket';
import { loadOlder, markRead } from './chat-actions';
import { isReadByOthers } from './conversation-state';
import { dayLabel, disappearsText, GROUP_WINDOW_MS, onSameDay } from './format';
import type { GroupPosition } from './MessageFrame';
import { MessageItem } from './MessageItem';
import type { OutboxEntry } from './outbox';
import { OutboxItem } from './OutboxItem';

/** Within this many pixels of the end counts as "at the newest message". */
const BOTTOM_SLACK_PX = 48;

type Item =
  | { type: 'message'; key: string; message: ChatMessage }
  | { type: 'outbox'; key: string; entry: OutboxEntry };

/** Stored messages by seq, then what is still in the outbox (minus anything already stored). */
function listItems(messages: ChatMessage[], outbox: OutboxEntry[]): Item[] {
  const stored = new Set(messages.map((m) => m.client_msg_id).filter(Boolean));
  // An own message keeps its client id as key, so that it does not re-mount when the ack lands.
  const items: Item[] = messages.map((message) => ({
    type: 'message',
    key: (message.is_own_message && message.client_msg_id) || message.id,
    message,
  }));
  for (const entry of outbox) {
    if (!stored.has(entry.client_msg_id)) {
      items.push({ type: 'outbox', key: entry.client_msg_id, entry });
    }
  }
  return items;
}

const isOwn = (item: Item | undefined) =>
  item?.type === 'outbox' || (item?.type === 'message' && item.message.is_own_message);

type Row = (Item & { group: GroupPosition }) | { type: 'day'; key: string; label: string };

const timeOf = (item: Item) =>
  item.type === 'outbox' ? new Date(item.entry.created_at).toISOString() : item.message.sent_at;
const senderOf = (item: Item) =>
  isOwn(item) ? 'me' : item.type === 'message' ? (item.message.sender_id ?? 'system') : 'me';
const isSystem = (item: Item) => item.type === 'message' && item.message.kind === 'system';

/** `next` follows `item` in one run: same person, same day, within a few minutes. */
function continues(item: Item | undefined, next: Item | undefined): boolean {
  if (!item || !next || isSystem(item) || isSystem(next)) return false;
  const gap = new Date(timeOf(next)).getTime() - new Date(timeOf(item)).getTime();
  return (
    senderOf(item) === senderOf(next) &&
    Math.abs(gap) < GROUP_WINDOW_MS &&
    onSameDay(timeOf(item), timeOf(next))
  );
}

/** The items with a date line wherever the day changes, each knowing its place in its run. */
function rowsOf(items: Item[], now: Date): Row[] {
  const rows: Row[] = [];
  items.forEach((item, index) => {
    const previous = items[index - 1];
    if (!previous || !onSameDay(timeOf(previous), timeOf(item))) {
      rows.push({ type: 'day', key: `day-${item.key}`, label: dayLabel(timeOf(item), now) });
    }
    const group = { first: !continues(previous, item), last: !continues(item, items[index + 1]) };
    rows.push({ ...item, group });
  });
  return rows;
}

/**
 * The scrolling list: keeps to the newest message unless the reader scrolled up (then offers a
 * "New messages" button), loads older pages at the top without jumping, and reports what has
 * been read while the newest message is on screen and the tab has focus.
 */
export function MessageList({
  sessionId,
  messages,
  outbox,
  conversation,
  myId,
  myPseudonym,
  hasMoreBefore,
  loadingOlder,
  readOnly,
  emptyText,
  onEditFailed,
}: {
  sessionId: string;
  messages: ChatMessage[];
  outbox: OutboxEntry[];
  conversation: Conversation | null;
  myId: string;
  myPseudonym: string;
  hasMoreBefore: boolean;
  loadingOlder: boolean;
  readOnly: boolean;
  emptyText: string;
  onEditFailed: (text: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const [hasUnseen, setHasUnseen] = useState(false);
  const prepending = useRef<{ height: number; top: number } | null>(null);
  const connected = useConnectionStore((state) => state.status === 'connected');

  const items = listItems(messages, outbox);
  const rows = rowsOf(items, new Date());
  // A listening chat says, once, quietly, when it will be gone.
  const expiresAt = conversation?.kind === 'listening' ? conversation.expires_at : null;
  const firstKey = items[0]?.key;
  const lastKey = items.at(-1)?.key;
  const lastOwn = isOwn(items.at(-1));
  const lastSeq = messages.at(-1)?.seq ?? 0;

  const scrollToBottom = useCallback(() => {
    const list = scrollRef.current;
    if (!list) return;
    list.scrollTop = list.scrollHeight;
    atBottomRef.current = true;
    setAtBottom(true);
    setHasUnseen(false);
  }, []);

  // Older messages were put above: keep the same ones under the reader's eyes.
  useLayoutEffect(() => {
    const list = scrollRef.current;
    const before = prepending.current;
    if (!list || !before) return;
    prepending.current = null;
    list.scrollTop = before.top + (list.scrollHeight - before.height);
  }, [firstKey]);

  useLayoutEffect(() => {
    if (!loadingOlder) prepending.current = null;
  }, [loadingOlder]);

  // Something new at the end: follow it if the reader was at the end or wrote it themselves.
  useLayoutEffect(() => {
    if (!lastKey) return;
    if (atBottomRef.current || lastOwn) scrollToBottom();
    else setHasUnseen(true);
  }, [lastKey, lastOwn, scrollToBottom]);

  // The space for the list shrank (a card or notice appeared under it, the keyboard opened): a
  // reader at the end stays at the end, so the last message is never hidden.
  useEffect(() => {
    const list = scrollRef.current;
    if (!list || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      if (atBottomRef.current) list.scrollTop = list.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  // Read receipts: only what is on screen, only while the tab is focused.
  useEffect(() => {
    if (!atBottom || lastSeq === 0 || !connected) return;
    const report = () => {
      if (document.visibilityState === 'visible' && document.hasFocus()) {
        markRead(sessionId, lastSeq);
      }
    };
    report();
    return listen(report, [window, 'focus'], [document, 'visibilitychange']);
  }, [atBottom, lastSeq, connected, sessionId]);

  function onLoadOlder() {
    const list = scrollRef.current;
    if (list) prepending.current = { height: list.scrollHeight, top: list.scrollTop };
    loadOlder(sessionId).catch((error: unknown) => {
      prepending.current = null;
      showToast(errorMessage(error), 'error');
    });
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        tabIndex={0}
        role="region"
        aria-label="Messages"
        onScroll={(event) => {
          const list = event.currentTarget;
          const bottom = list.scrollHeight - list.scrollTop - list.clientHeight <= BOTTOM_SLACK_PX;
          atBottomRef.current = bottom;
          setAtBottom(bottom);
          if (bottom) setHasUnseen(false);
        }}
        className="flex h-full flex-col overflow-y-auto overscroll-contain px-2 py-3 sm:px-4"
      >
        {hasMoreBefore && (
          <div className="mb-3 flex justify-center">
            <Button variant="secondary" busy={loadingOlder} onClick={onLoadOlder}>
              Load more
            </Button>
          </div>
        )}
        {expiresAt && (
          <p className="mx-auto mb-3 max-w-md shrink-0 px-4 text-center text-sm text-muted">
            {disappearsText(expiresAt)}
          </p>
        )}
        {items.length === 0 ? (
          <p className="flex flex-1 items-center justify-center px-4 text-center text-lg text-muted">
            {emptyText}
          </p>
        ) : (
          <ol className="flex shrink-0 flex-col">
            {rows.map((item) =>
              item.type === 'day' ? (
                <li key={item.key} className="mt-4 mb-1 flex justify-center first:mt-0">
                  <span className="rounded-full bg-surface px-3 py-0.5 text-sm font-semibold text-muted">
                    {item.label}
                  </span>
                </li>
              ) : item.type === 'message' ? (
                <MessageItem
                  key={item.key}
                  message={item.message}
                  myId={myId}
                  readOnly={readOnly}
                  group={item.group}
                  mark={
                    item.message.is_own_message
                      ? isReadByOthers(item.message, conversation, myId)
                        ? 'read'
                        : 'sent'
                      : undefined
                  }
                />
              ) : (
                <OutboxItem
                  key={item.key}
                  entry={item.entry}
                  group={item.group}
                  pseudonym={myPseudonym}
                  onEdit={onEditFailed}
                />
              ),
            )}
          </ol>
        )}
      </div>
      {hasUnseen && (
        <div className="pointer-events-none absolute inset-x-0 bottom-3 flex justify-center">
          <Button
            className="pointer-events-auto rounded-full shadow-lg"
            onClick={() => {
              scrollToBottom();
              scrollRef.current?.focus({ preventScroll: true });
            }}
          >
            <ArrowDownIcon className="size-4" />
            New messages
          </Button>
        </div>
      )}
    </div>
  );
}
