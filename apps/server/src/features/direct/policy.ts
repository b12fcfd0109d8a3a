import type { Executor } from '../../db/client';
import { errors } from '../../lib/errors';
import { assertActive, type KindPolicy } from '../conversations';
import {
  blockedPairs,
  directKey,
  findUsers,
  prunePastSessions,
  unarchiveForOthers,
} from './direct.repository';
import { pairPrivacy, REQUEST_WINDOW_MS } from './privacy';

const memberIdsOf = (loaded: { members: { userId: string }[] }) =>
  loaded.members.map((m) => m.userId);

/**
 * The rules of a direct conversation: persistent, files and voice notes allowed, stopped by a
 * block either way, and presence and receipts only as both members' settings allow.
 */
export function directPolicy(db: Executor): KindPolicy {
  return {
    kind: 'direct',
    attachments: true,
    closedError: errors.conversationEnded,
    async assertCanSend(loaded) {
      await assertActive(loaded, errors.conversationEnded);
      // A block either way stops new messages, whoever blocked whom.
      if ((await blockedPairs(db, memberIdsOf(loaded))).size > 0) {
        throw errors.userBlocked();
      }
    },
    visibility: (executor, loaded) => pairPrivacy(executor, memberIdsOf(loaded)),
    relaysTyping: async (loaded) => (await blockedPairs(db, memberIdsOf(loaded))).size === 0,
    // A new message brings the chat back from the other members' archives.
    afterStore: (tx, { loaded, senderId }) =>
      unarchiveForOthers(tx, loaded.conversation.id, senderId),
    async presenceAudience(executor: Executor, userId, partnerIds) {
      const [me] = await findUsers(executor, [userId]);
      if (!me?.showOnlineStatus) return [];
      const blocked = await blockedPairs(executor, [userId, ...partnerIds]);
      return partnerIds.filter((id) => !blocked.has(directKey(userId, id)));
    },
    // Who may send whom a request: listening partners of the last 30 days only.
    sweep: async (tx, now) =>
      void (await prunePastSessions(tx, new Date(now.getTime() - REQUEST_WINDOW_MS))),
  };
}
