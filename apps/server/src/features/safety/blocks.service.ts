import type { Db } from '../../db/client';
import { errors } from '../../lib/errors';
import type { RequestsService } from '../direct/requests.service';
import type { SessionsService } from '../listening/sessions.service';
import { findUserById } from '../identity/users.repository';
import { deleteBlock, insertBlock } from './blocks.repository';

/**
 * Seed 004 blocking. A block works both ways: the two are never matched and cannot start a chat;
 * a listening chat they share ends at once (so no further message can be sent in it); a pending
 * message request between them is cancelled, and their direct chat takes no more messages.
 */
export function createBlocksService(deps: {
  db: Db;
  sessions: SessionsService;
  /** Message requests pending between the two are cancelled by a block. */
  requests?: Pick<RequestsService, 'cancelBetween'>;
}) {
  const { db } = deps;
  return {
    async block(userId: string, targetId: string, reason: string | undefined) {
      if (targetId === userId) {
        throw errors.validation([{ path: 'user_id', message: 'You cannot block yourself' }]);
      }
      if (!(await findUserById(db, targetId))) throw errors.notFound('User');
      await insertBlock(db, userId, targetId, reason ?? null);
      await deps.sessions.endSharedChats(userId, targetId);
      await deps.requests?.cancelBetween(userId, targetId);
      return { success: true as const, data: { message: 'User blocked successfully' } };
    },
    async unblock(userId: string, targetId: string) {
      await deleteBlock(db, userId, targetId);
      return { success: true as const, data: { message: 'User unblocked successfully' } };
    },
  };
}
export type BlocksService = ReturnType<typeof createBlocksService>;
