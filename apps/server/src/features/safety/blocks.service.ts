import type { Db } from '../../db/client';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import { findUserById } from '../identity';
import { deleteBlock, insertBlock, listBlockedBy } from './blocks.repository';

/**
 * Blocking. A block works both ways: the two are never matched and cannot start a chat; a
 * listening chat they share ends, a pending message request between them is cancelled, and
 * their direct chat takes no more messages.
 */
export function createBlocksService(deps: { db: Db; events: EventBus }) {
  const { db, events } = deps;
  return {
    async block(userId: string, targetId: string, reason: string | undefined) {
      if (targetId === userId) {
        throw errors.validation([{ path: 'user_id', message: 'You cannot block yourself' }]);
      }
      if (!(await findUserById(db, targetId))) throw errors.notFound('User');
      // Ending a shared chat and cancelling requests are the listening and direct modules'
      // subscribers: they have run by the time this answers. They need not share the block's
      // transaction: direct sends refuse across a block themselves, and a listening message
      // that slips in between commit and the chat's end only reaches a chat that then ends.
      await events.transaction(db, async (tx) => {
        await insertBlock(tx, userId, targetId, reason ?? null);
        await events.publish(tx, 'user.blocked', { blockerId: userId, blockedId: targetId });
      });
      return { success: true as const, data: { message: 'User blocked successfully' } };
    },
    async listBlocked(userId: string) {
      const rows = await listBlockedBy(db, userId);
      return {
        success: true as const,
        data: {
          blocked_users: rows.map((r) => ({
            user_id: r.userId,
            pseudonym: r.pseudonym,
            reason: r.reason,
            blocked_at: r.blockedAt.toISOString(),
          })),
        },
      };
    },
    async unblock(userId: string, targetId: string) {
      await deleteBlock(db, userId, targetId);
      return { success: true as const, data: { message: 'User unblocked successfully' } };
    },
  };
}
export type BlocksService = ReturnType<typeof createBlocksService>;
