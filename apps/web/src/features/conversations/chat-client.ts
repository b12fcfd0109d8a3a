import {
  chatEndedEventSchema,
  chatMessageSchema,
  conversationSchema,
  crisisSupportSchema,
  historyResponseSchema,
  messageReadSchema,
  presenceSchema,
  reactionUpdateSchema,
  safetyAlertEventSchema,
  safetyGuidanceEventSchema,
  TYPING_DISPLAY_MS,
  userTypingSchema,
  wellbeingCheckInEventSchema,
  type ChatMessage,
  type ErrorCode,
  type HistoryResponse,
} from '@kindred/protocol';
import { apiJson } from '../../lib/api';
import { errorMessage, ApiError } from '../../lib/api-error';
import { queryClient } from '../../lib/query-client';
import {
  type AckFailure,
  closeSocket,
  openSocket,
  parseEvent,
  request,
  type ChatSocket,
} from '../../lib/socket';
import {
  getConversation,
  resetChatStores,
  updateAllConversations,
  updateConversation,
  useOutboxStore,
} from './chat-store';
import {
  applyConversation,
  applyEnded,
  applyEndedInfo,
  applyHistoryPage,
  applyPresence,
  applyReactionUpdate,
  applyRead,
  mergeMessages,
  syncPoint,
} from './conversation-state';
import { activeSessionQueryKey } from '../listening/listening-api';
import { attachDirectHandlers } from '../direct/direct-events';
import { attachListeningHandlers } from '../listening/listening-events';
import { attachNoticeHandlers } from '../admin/notices';
import { receiveSafetyAlert } from '../admin/wellbeing-alerts';
import { showToast } from '../../components/ui/toast-store';
import { meQueryKey } from '../identity/me-query';
import {
  createOutbox,
  type KeyValueStorage,
  type Outbox,
  type OutboxEntry,
  outboxKey,
  type SendOutcome,
} from './outbox';

/**
 * The chat engine: one per signed-in session. It owns the socket's event handlers, keeps the
 * chat store up to date, and on every (re)connect re-joins the open conversations, syncs what was
 * missed and flushes the outbox. Components only call the exported actions.
 */

export interface Client {
  socket: ChatSocket;
  userId: string;
  outbox: Outbox;
}

let client: Client | null = null;

/** The signed-in session's engine, if any. */
export const getClient = (): Client | null => client;
/** Conversations shown on screen, with how many views show each. */
const openCounts = new Map<string, number>();
const joining = new Set<string>();
/** Asked to join while a join was in flight (closed and reopened quickly): join once more after. */
const rejoin = new Set<string>();
const timers = new Map<string, number>();

const HISTORY_PAGE = 50;
const SYNC_PAGE = 200;
const JOIN_RETRY_MS = 3000;

function setTimer(key: string, run: () => void, ms: number) {
  window.clearTimeout(timers.get(key));
  timers.set(
    key,
    window.setTimeout(() => {
      timers.delete(key);
      run();
    }, ms),
  );
}

/** localStorage when it works (not in some private modes), memory otherwise. */
function browserStorage(): KeyValueStorage {
  try {
    const probe = 'kindred.storage-probe';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    const data = new Map<string, string>();
    return {
      getItem: (key) => data.get(key) ?? null,
      setItem: (key, value) => void data.set(key, value),
      removeItem: (key) => void data.delete(key),
    };
  }
}

/** Merges messages into their conversation and settles outbox entries they answer. */
export function receiveMessages(sessionId: string, messages: readonly ChatMessage[]) {
  if (messages.length === 0) return;
  updateConversation(sessionId, (state) => mergeMessages(state, messages));
  for (const message of messages) {
    if (message.is_own_message && message.client_msg_id)
      client?.outbox.resolve(message.client_msg_id);
  }
}

async function sendEntry(entry: OutboxEntry): Promise<SendOutcome> {
  const response = await request('send_message', {
    session_id: entry.session_id,
    content: entry.content,
    client_msg_id: entry.client_msg_id,
    ...(entry.attachment ? { attachment_id: entry.attachment.id } : {}),
    ...(entry.resource ? { resource_id: entry.resource.id } : {}),
  });
  if (!response.success) {
    if (response.code === 'CONVERSATION_ENDED') updateConversation(entry.session_id, applyEnded);
    return {
      ok: false,
      code: response.code,
      error: response.error,
      retry_after_ms: response.retry_after_ms,
    };
  }
  const message = parseEvent(chatMessageSchema, response.message, 'send_message ack');
  if (!message) return { ok: false, code: 'INVALID_RESPONSE', error: 'Unexpected reply' };
  const crisis = response.crisis_support
    ? parseEvent(crisisSupportSchema, response.crisis_support, 'crisis_support')
    : null;
  return { ok: true, message, crisis_support: crisis ?? undefined };
}

export function historyPath(sessionId: string, before?: string) {
  const query = new URLSearchParams({ limit: String(HISTORY_PAGE) });
  if (before) query.set('before', before);
  return `/chat/sessions/${encodeURIComponent(sessionId)}/messages?${query}`;
}

function failure(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) {
    const code: ApiError['code'] =
      error.status === 403 ? 'NOT_A_MEMBER' : error.status === 404 ? 'NOT_FOUND' : error.code;
    return { code, message: error.message };
  }
  return { code: 'UNKNOWN', message: errorMessage(error) };
}

async function loadLatest(sessionId: string) {
  updateConversation(sessionId, (s) => ({ ...s, historyStatus: 'loading', error: null }));
  let page: HistoryResponse;
  try {
    page = await apiJson('GET', historyPath(sessionId), historyResponseSchema);
  } catch (error) {
    updateConversation(sessionId, (s) => ({ ...s, historyStatus: 'error', error: failure(error) }));
    return;
  }
  updateConversation(sessionId, (s) => applyHistoryPage(s, page, false));
  receiveMessages(sessionId, page.messages);
}

async function syncConversation(sessionId: string, after: number) {
  let cursor = after;
  for (;;) {
    const response = await request('sync', {
      session_id: sessionId,
      after_version_seq: cursor,
      limit: SYNC_PAGE,
    });
    if (!response.success) return; // The next connect tries again from the same point.
    const messages = response.messages.flatMap(
      (m) => parseEvent(chatMessageSchema, m, 'sync') ?? [],
    );
    const conversation = parseEvent(conversationSchema, response.conversation, 'sync');
    receiveMessages(sessionId, messages);
    if (conversation) updateConversation(sessionId, (s) => applyConversation(s, conversation));
    const highest = Math.max(cursor, ...messages.map((m) => m.version_seq));
    if (!response.has_more || highest <= cursor) return;
    cursor = highest;
  }
}

/** (Re)joins a conversation's room, then fills in what this page does not have yet. */
async function joinConversation(sessionId: string) {
  if (joining.has(sessionId)) {
    rejoin.add(sessionId);
    return;
  }
  joining.add(sessionId);
  try {
    const before = getConversation(sessionId);
    // Taken before joining: events that arrive after the join must not move the sync point
    // past something missed while disconnected.
    const watermark = syncPoint(before);
    const hadHistory = before.historyStatus === 'loaded';
    if (!hadHistory) {
      updateConversation(sessionId, (s) => ({ ...s, historyStatus: 'loading', error: null }));
    }
    const response = await request('join_chat', { session_id: sessionId });
    if (!response.success) {
      handleJoinFailure(sessionId, response);
      return;
    }
    const conversation = parseEvent(conversationSchema, response.conversation, 'join_chat ack');
    if (conversation) updateConversation(sessionId, (s) => applyConversation(s, conversation));
    if (hadHistory) await syncConversation(sessionId, watermark);
    else await loadLatest(sessionId);
  } finally {
    joining.delete(sessionId);
    if (rejoin.delete(sessionId) && openCounts.has(sessionId) && client?.socket.connected) {
      void joinConversation(sessionId);
    }
  }
}

/** Join refusals that joining again will not change: the chat shows them instead. */
const finalJoinCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'NOT_FOUND',
  'NOT_A_MEMBER',
  'VALIDATION_ERROR',
  'FORBIDDEN',
]);

function handleJoinFailure(sessionId: string, response: AckFailure) {
  if (response.code === 'DISCONNECTED') return; // Joined again on the next connect.
  if (finalJoinCodes.has(response.code)) {
    updateConversation(sessionId, (s) => ({
      ...s,
      historyStatus: 'error',
      error: { code: response.code, message: response.error },
    }));
    return;
  }
  // A timeout or a passing server problem: try again shortly while the chat is still open.
  setTimer(
    `join:${sessionId}`,
    () => {
      if (openCounts.has(sessionId) && client?.socket.connected) void joinConversation(sessionId);
    },
    JOIN_RETRY_MS,
  );
}

function clearTyping(sessionId: string, userId: string) {
  window.clearTimeout(timers.get(`typing:${sessionId}:${userId}`));
  updateConversation(sessionId, (s) => {
    if (!s.typing[userId]) return s;
    const typing = { ...s.typing };
    delete typing[userId];
    return { ...s, typing };
  });
}

function attachHandlers(socket: ChatSocket, userId: string, outbox: Outbox) {
  socket.on('connect', () => {
    for (const sessionId of openCounts.keys()) void joinConversation(sessionId);
    void outbox.flush();
  });
  socket.on('new_message', (payload) => {
    const message = parseEvent(chatMessageSchema, payload, 'new_message');
    if (!message) return;
    receiveMessages(message.session_id, [message]);
    if (message.is_own_message || !message.sender_id) return;
    clearTyping(message.session_id, message.sender_id);
    if (message.kind === 'text' && !message.deleted_at) {
      updateConversation(message.session_id, (s) => ({
        ...s,
        announcement: { id: message.id, text: `${message.sender_pseudonym}: ${message.content}` },
      }));
    }
  });
  socket.on('message_updated', (payload) => {
    const message = parseEvent(chatMessageSchema, payload, 'message_updated');
    if (message) receiveMessages(message.session_id, [message]);
  });
  socket.on('message_reaction_update', (payload) => {
    const update = parseEvent(reactionUpdateSchema, payload, 'message_reaction_update');
    if (update) updateConversation(update.session_id, (s) => applyReactionUpdate(s, update));
  });
  socket.on('message_read', (payload) => {
    const read = parseEvent(messageReadSchema, payload, 'message_read');
    if (read) updateConversation(read.session_id, (s) => applyRead(s, read));
  });
  socket.on('user_typing', (payload) => {
    const typing = parseEvent(userTypingSchema, payload, 'user_typing');
    if (!typing || typing.user_id === userId) return;
    updateConversation(typing.session_id, (s) => ({
      ...s,
      typing: {
        ...s.typing,
        [typing.user_id]: { pseudonym: typing.pseudonym, until: Date.now() + TYPING_DISPLAY_MS },
      },
    }));
    setTimer(
      `typing:${typing.session_id}:${typing.user_id}`,
      () => clearTyping(typing.session_id, typing.user_id),
      TYPING_DISPLAY_MS,
    );
  });
  const onPresence = (payload: unknown) => {
    const presence = parseEvent(presenceSchema, payload, 'presence');
    if (presence) updateAllConversations((s) => applyPresence(s, presence));
  };
  socket.on('user_online', onPresence);
  socket.on('user_offline', onPresence);
  socket.on('chat_ended', (payload) => {
    const ended = parseEvent(chatEndedEventSchema, payload, 'chat_ended');
    if (ended) {
      const { session_id: sessionId, ...info } = ended;
      updateConversation(sessionId, (s) => applyEndedInfo(s, info, 'event'));
    } else if (typeof payload?.session_id === 'string') {
      updateConversation(payload.session_id, applyEnded);
    }
    // A listener's availability, chat count and rating move when a chat ends.
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
    void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
  });
  socket.on('safety_guidance', (payload) => {
    const guidance = parseEvent(safetyGuidanceEventSchema, payload, 'safety_guidance');
    if (!guidance) return;
    const { session_id: sessionId, ...rest } = guidance;
    updateConversation(sessionId, (s) => ({
      ...s,
      flagged: true,
      guidance: rest,
      guidanceDismissed: false,
      announcement: {
        id: `guidance:${rest.message_id}`,
        text: 'Private guidance: a message in this chat suggests risk. Only you see this.',
      },
    }));
  });
  socket.on('wellbeing_check_in', (payload) => {
    const checkIn = parseEvent(wellbeingCheckInEventSchema, payload, 'wellbeing_check_in');
    if (!checkIn) return;
    const sessionId = checkIn.session_id;
    if (sessionId && openCounts.has(sessionId)) {
      updateConversation(sessionId, (s) => ({
        ...s,
        checkIns: [
          ...s.checkIns.filter(
            (c) => c.item_id !== checkIn.item_id || c.sent_at !== checkIn.sent_at,
          ),
          checkIn,
        ],
        announcement: {
          id: `check-in:${checkIn.sent_at}`,
          text: `The Kindred team: ${checkIn.text}`,
        },
      }));
      return;
    }
    showToast(`A message from the Kindred team: ${checkIn.text}`, 'info');
  });
  socket.on('safety_alert', (payload) => {
    const item = parseEvent(safetyAlertEventSchema, payload, 'safety_alert');
    if (item) receiveSafetyAlert(item);
  });
  attachListeningHandlers(socket);
  attachNoticeHandlers(socket);
  attachDirectHandlers(socket, userId);
}

/** Starts the chat engine for a signed-in user; the returned function stops it (sign-out). */
export function startChatClient(userId: string): () => void {
  const socket = openSocket();
  const key = outboxKey(userId);
  const outbox = createOutbox({
    storage: browserStorage(),
    key,
    send: sendEntry,
    isConnected: () => socket.connected,
    onSent: (entry, outcome) => {
      receiveMessages(entry.session_id, [outcome.message]);
      const crisis = outcome.crisis_support;
      if (crisis) updateConversation(entry.session_id, (s) => ({ ...s, crisis, flagged: true }));
    },
  });
  client = { socket, userId, outbox };
  useOutboxStore.setState({ entries: outbox.entries() });
  const unsubscribe = outbox.subscribe((entries) => useOutboxStore.setState({ entries }));
  // Another tab of the same user changed the outbox (sent, added or removed a message).
  const onStorage = (event: StorageEvent) => {
    if (event.key === key) outbox.reload();
  };
  window.addEventListener('storage', onStorage);
  attachHandlers(socket, userId, outbox);

  return () => {
    window.removeEventListener('storage', onStorage);
    unsubscribe();
    outbox.dispose();
    closeSocket();
    client = null;
    for (const timer of timers.values()) window.clearTimeout(timer);
    timers.clear();
    joining.clear();
    rejoin.clear();
    resetChatStores();
  };
}

/** Forgets a user's unsent messages (an explicit sign-out on a possibly shared browser). */
export function discardOutbox(userId: string): void {
  try {
    window.localStorage.removeItem(outboxKey(userId));
  } catch {
    // Storage unavailable: the outbox lived in memory and goes with the page.
  }
}

/** A view shows this conversation: join it (now or on connect). Returns the matching close. */
export function openConversation(sessionId: string): () => void {
  const count = openCounts.get(sessionId) ?? 0;
  openCounts.set(sessionId, count + 1);
  if (count === 0 && client?.socket.connected) void joinConversation(sessionId);
  return () => {
    const left = (openCounts.get(sessionId) ?? 1) - 1;
    if (left > 0) {
      openCounts.set(sessionId, left);
      return;
    }
    openCounts.delete(sessionId);
    window.clearTimeout(timers.get(`join:${sessionId}`));
    if (client?.socket.connected) void request('leave_chat', { session_id: sessionId });
  };
}

/** Tries the first page again after an error. */
export function retryConversation(sessionId: string): void {
  updateConversation(sessionId, (s) => ({ ...s, historyStatus: 'idle', error: null }));
  if (client?.socket.connected) void joinConversation(sessionId);
}
