import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import { assertActive, type KindPolicy } from '../conversations';
import { noteSupportMessage, TICKET_OWNER_ROLE } from './support.repository';

/**
 * The rules of a support ticket: the user and the team write until it is resolved (the user then
 * opens a new one); a user's message reopens a ticket waiting on them.
 */
export function supportPolicy(events: EventBus): KindPolicy {
  return {
    kind: 'support',
    attachments: true,
    closedError: errors.supportTicketClosed,
    // Staff answer as the team: a ticket tells no one when a particular admin comes or goes.
    presenceAudience: async () => [],
    async assertCanSend(loaded) {
      if (loaded.conversation.supportStatus === 'resolved') throw errors.supportTicketClosed();
      await assertActive(loaded, errors.supportTicketClosed);
    },
    async afterStore(tx, { loaded, senderId, at }) {
      const owner = loaded.members.find((m) => m.role === TICKET_OWNER_ROLE);
      const fromUser = owner?.userId === senderId;
      await noteSupportMessage(tx, loaded.conversation.id, { fromUser, at });
      if (!fromUser && owner) {
        await events.publish(tx, 'support.replied', {
          conversationId: loaded.conversation.id,
          userId: owner.userId,
          adminId: senderId,
        });
      }
    },
  };
}
