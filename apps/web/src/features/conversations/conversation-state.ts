import type {
  ChatEndedEvent,
  ChatMessage,
  Conversation,
  CrisisSupport,
  HistoryResponse,
  Member,
  MessageRead,
  Presence,
  ReactionUpdate,
  SafetyGuidanceEvent,
  WellbeingCheckInEvent,
} from '@kindred/protocol';

/**
 * What the client knows about one conversation. Messages are keyed by id and every source
 * (new_message, message_updated, reactions, sync, history pages) goes through `mergeMessages`:
 * the copy with the higher version_seq wins, so arrival order never matters.
 */
export interface ConversationState {
  sessionId: string;
  conversation: Conversation | null;
  messages: Record<string, ChatMessage>;
  /** The highest version_seq seen: a reconnecting client syncs from here. */
  maxVersionSeq: number;
  /**
   * The lowest seq of the history pages loaded so far, or null before the first page. Older
   * messages that sync brings (an edit to an old message) are kept but not shown above a gap.
   */
  windowStartSeq: number | null;
  hasMoreBefore: boolean;
  historyStatus: 'idle' | 'loading' | 'loaded' | 'error';
  loadingOlder: boolean;
  /** Why the conversation cannot be shown (not found, not a member, history failed). */
  error: { code: string; message: string } | null;
  /** Who is typing, until when (ms since epoch). */
  typing: Record<string, { pseudonym: string; until: number }>;
  crisis: CrisisSupport | null;
  /**
   * This page saw a message of the chat suggest risk that this member may know of (their own
   * crisis card, or a listener's guidance); `conversation.safety_flagged` says it after a reload.
   */
  flagged: boolean;
  /** A listener's private guidance about the newest risky message, until dismissed. */
  guidance: Omit<SafetyGuidanceEvent, 'session_id'> | null;
  /** The listener hid the guidance on this page (after a reload it shows again while the chat lasts). */
  guidanceDismissed: boolean;
  /** Messages from the Kindred team about this chat, oldest first. */
  checkIns: WellbeingCheckInEvent[];
  /** The newest incoming message, for the screen-reader live region. */
  announcement: { id: string; text: string } | null;
  /** How the chat ended, when this page saw it end (`chat_ended`, or its own end request). */
  ended: EndedInfo | null;
}

export type EndedInfo = Omit<ChatEndedEvent, 'session_id'>;

export function emptyConversation(sessionId: string): ConversationState {
  return {
    sessionId,
    conversation: null,
    messages: {},
    maxVersionSeq: 0,
    windowStartSeq: null,
    hasMoreBefore: false,
    historyStatus: 'idle',
    loadingOlder: false,
    error: null,
    typing: {},
    crisis: null,
    flagged: false,
    guidance: null,
    guidanceDismissed: false,
    checkIns: [],
    announcement: null,
    ended: null,
  };
}

/**
 * Where a reconnecting client resyncs from. Live events can arrive out of order, and one can be
 * lost (a node dying between commit and emit), so the highest version seen may sit above a
 * message never received. Instead: the highest seq up to which every message has arrived. Seq and
 * version_seq share one counter, so the message with seq W was created at version W, and syncing
 * after W brings every later message and every later change.
 */
export function syncPoint(state: ConversationState): number {
  const seqs = new Set(Object.values(state.messages).map((m) => m.seq));
  if (seqs.size === 0) return state.maxVersionSeq;
  let contiguous = state.windowStartSeq ?? Math.min(...seqs);
  while (seqs.has(contiguous + 1)) contiguous++;
  return Math.min(state.maxVersionSeq, contiguous);
}

/** Merges messages by id; a copy only replaces one with a lower version_seq. */
export function mergeMessages(
  state: ConversationState,
  incoming: readonly ChatMessage[],
): ConversationState {
  let messages = state.messages;
  let maxVersionSeq = state.maxVersionSeq;
  for (const message of incoming) {
    if (message.session_id !== state.sessionId) continue;
    maxVersionSeq = Math.max(maxVersionSeq, message.version_seq);
    const existing = messages[message.id];
    if (existing && existing.version_seq >= message.version_seq) continue;
    if (messages === state.messages) messages = { ...messages };
    messages[message.id] = message;
  }
  if (messages === state.messages && maxVersionSeq === state.maxVersionSeq) return state;
  return { ...state, messages, maxVersionSeq };
}

/** A reaction change is a new version of the message with only its reactions changed. */
export function applyReactionUpdate(
  state: ConversationState,
  update: ReactionUpdate,
): ConversationState {
  const existing = state.messages[update.message_id];
  if (!existing || existing.version_seq >= update.version_seq) return state;
  return mergeMessages(state, [
    { ...existing, reactions: update.reactions, version_seq: update.version_seq },
  ]);
}

/** A history page (latest, or older with `before`): merged, and the shown window grows down. */
export function applyHistoryPage(
  state: ConversationState,
  page: HistoryResponse,
  older: boolean,
): ConversationState {
  const merged = mergeMessages(state, page.messages);
  const lowest = page.messages.reduce<number | null>(
    (min, m) => (min === null ? m.seq : Math.min(min, m.seq)),
    null,
  );
  const windowStartSeq =
    lowest === null
      ? state.windowStartSeq
      : state.windowStartSeq === null
        ? lowest
        : Math.min(state.windowStartSeq, lowest);
  return {
    ...merged,
    windowStartSeq,
    // The latest page only says whether anything is older than itself; an older page
    // (or the first page of all) decides for the window as a whole.
    hasMoreBefore: older || state.windowStartSeq === null ? page.has_more : state.hasMoreBefore,
    historyStatus: 'loaded',
    loadingOlder: false,
    error: null,
  };
}

/** Conversation details from join_chat or sync; read markers only move forward. */
export function applyConversation(
  state: ConversationState,
  conversation: Conversation,
): ConversationState {
  const previous = state.conversation;
  const members = conversation.members.map((member) => {
    const known = previous?.members.find((m) => m.user_id === member.user_id);
    return known && known.last_read_seq > member.last_read_seq
      ? { ...member, last_read_seq: known.last_read_seq }
      : member;
  });
  // A chat never reopens: once this page knows it is over, a late copy saying "active" is stale.
  const status =
    previous && previous.status !== 'active' && conversation.status === 'active'
      ? previous.status
      : conversation.status;
  return { ...state, conversation: { ...conversation, members, status } };
}

function updateMembers(
  state: ConversationState,
  userId: string,
  update: (member: Member) => Member,
): ConversationState {
  const conversation = state.conversation;
  if (!conversation?.members.some((m) => m.user_id === userId)) return state;
  return {
    ...state,
    conversation: {
      ...conversation,
      members: conversation.members.map((m) => (m.user_id === userId ? update(m) : m)),
    },
  };
}

export function applyRead(state: ConversationState, read: MessageRead): ConversationState {
  return updateMembers(state, read.user_id, (m) =>
    read.last_read_seq > m.last_read_seq ? { ...m, last_read_seq: read.last_read_seq } : m,
  );
}

export function applyPresence(state: ConversationState, presence: Presence): ConversationState {
  return updateMembers(state, presence.user_id, (m) => ({
    ...m,
    online: presence.online,
    last_active: presence.last_active ?? m.last_active,
  }));
}

export function applyEnded(
  state: ConversationState,
  status: 'ended' | 'abandoned' = 'ended',
): ConversationState {
  if (!state.conversation || state.conversation.status !== 'active') return state;
  return { ...state, conversation: { ...state.conversation, status } };
}

/** Over, one way or the other: ended by a member, or abandoned (the listener never came). */
export const isOver = (state: ConversationState | undefined): boolean =>
  Boolean(state?.ended) || (state?.conversation?.status ?? 'active') !== 'active';

/**
 * The chat ended and this page knows how: from `chat_ended` (which wins, it is the server's word)
 * or from the page's own end request, which does not overwrite an event already received.
 */
export function applyEndedInfo(
  state: ConversationState,
  info: EndedInfo,
  source: 'event' | 'local',
): ConversationState {
  const ended = source === 'local' && state.ended ? state.ended : info;
  const next = applyEnded(state, ended.reason === 'abandoned' ? 'abandoned' : 'ended');
  return next.ended === ended ? next : { ...next, ended };
}

/** The messages to show, oldest first: the loaded window and everything after it. */
export function visibleMessages(state: ConversationState): ChatMessage[] {
  const start = state.hasMoreBefore ? (state.windowStartSeq ?? -Infinity) : -Infinity;
  return Object.values(state.messages)
    .filter((m) => m.seq >= start)
    .sort((a, b) => a.seq - b.seq);
}

/** The oldest message shown: the `before` cursor for "Load more". */
export function oldestShownId(state: ConversationState): string | null {
  return visibleMessages(state)[0]?.id ?? null;
}

/** The other members, as the header and read receipts see them. */
export function otherMembers(conversation: Conversation | null, myId: string): Member[] {
  return conversation?.members.filter((m) => m.user_id !== myId) ?? [];
}

/** Read once every other member's read marker has reached the message. */
export function isReadByOthers(
  message: ChatMessage,
  conversation: Conversation | null,
  myId: string,
): boolean {
  const others = otherMembers(conversation, myId);
  return others.length > 0 && others.every((m) => m.last_read_seq >= message.seq);
}

/** The read marker of the user themselves. */
export function myLastReadSeq(conversation: Conversation | null, myId: string): number {
  return conversation?.members.find((m) => m.user_id === myId)?.last_read_seq ?? 0;
}

/** A message of the chat suggested risk that this member may know of (docs/SAFETY.md). */
export const wasFlagged = (state: ConversationState | undefined): boolean =>
  Boolean(state?.flagged || state?.conversation?.safety_flagged);
