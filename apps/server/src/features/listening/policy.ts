import { errors } from '../../lib/errors';
import { assertActive, type KindPolicy } from '../conversations';
import type { SessionsService } from './sessions.service';

/** Listening chats vanish 24 hours after they start (messages and the chat itself). */
export const LISTENING_LIFETIME_MS = 24 * 3600 * 1000;

/** The rules of a listening chat: text only, open until either member ends it, then gone. */
export function listeningPolicy(sessions: Pick<SessionsService, 'markJoined'>): KindPolicy {
  return {
    kind: 'listening',
    attachments: false,
    closedError: errors.conversationEnded,
    assertCanSend: (loaded) => assertActive(loaded, errors.conversationEnded),
    lifetimeMs: LISTENING_LIFETIME_MS,
    // The listener has arrived, so the chat is not abandoned.
    onJoin: (conversationId, userId) => sessions.markJoined(conversationId, userId),
  };
}
