import { create } from 'zustand';
import { type ConversationState, emptyConversation } from './conversation-state';
import type { OutboxEntry } from './outbox';

interface ChatStoreState {
  conversations: Record<string, ConversationState>;
}

/** Every conversation this page knows about, by session id. Written only by chat-client.ts. */
export const useChatStore = create<ChatStoreState>()(() => ({ conversations: {} }));

export function getConversation(sessionId: string): ConversationState {
  return useChatStore.getState().conversations[sessionId] ?? emptyConversation(sessionId);
}

/** Applies one pure update (conversation-state.ts) to a conversation. */
export function updateConversation(
  sessionId: string,
  update: (state: ConversationState) => ConversationState,
): void {
  useChatStore.setState((store) => {
    const known = store.conversations[sessionId];
    const current = known ?? emptyConversation(sessionId);
    const next = update(current);
    if (known && next === known) return store;
    return { conversations: { ...store.conversations, [sessionId]: next } };
  });
}

/** Applies an update to every known conversation (presence is per user, not per conversation). */
export function updateAllConversations(
  update: (state: ConversationState) => ConversationState,
): void {
  useChatStore.setState((store) => {
    let changed = false;
    const conversations: Record<string, ConversationState> = {};
    for (const [id, state] of Object.entries(store.conversations)) {
      const next = update(state);
      changed ||= next !== state;
      conversations[id] = next;
    }
    return changed ? { conversations } : store;
  });
}

interface OutboxStoreState {
  entries: OutboxEntry[];
}

/** A mirror of the signed-in user's outbox (which lives in localStorage) for rendering. */
export const useOutboxStore = create<OutboxStoreState>()(() => ({ entries: [] }));

/** Forgets everything (sign-out). */
export function resetChatStores(): void {
  useChatStore.setState({ conversations: {} });
  useOutboxStore.setState({ entries: [] });
}
