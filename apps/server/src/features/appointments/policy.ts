import type { Executor } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { assertActive, type KindPolicy, type LoadedConversation } from '../conversations';
import { blockedEitherWay } from '../safety';
import { findByConversation } from './appointments.repository';
import { chatClosesAt } from './present';

const closed = () =>
  errors.conversationEnded('The chat of this session closed 24 hours after it ended');

async function blockedPair(db: Executor, loaded: LoadedConversation): Promise<boolean> {
  const [a, b] = loaded.members.map((m) => m.userId);
  return a !== undefined && b !== undefined && blockedEitherWay(db, a, b);
}

/**
 * The rules of the chat beside a booked session: its two members write from the booking until
 * 24 hours after the end (whether the session was held, moved or cancelled), text only, and
 * never across a block.
 */
export function appointmentPolicy(deps: { db: Executor; clock: Clock }): KindPolicy {
  const { db, clock } = deps;
  return {
    kind: 'appointment',
    attachments: false,
    closedError: closed,
    async assertCanSend(loaded) {
      await assertActive(loaded, closed);
      const appointment = await findByConversation(db, loaded.conversation.id);
      if (!appointment || clock.now() >= chatClosesAt(appointment)) throw closed();
      if (await blockedPair(db, loaded)) throw errors.userBlocked();
    },
    relaysTyping: async (loaded) => !(await blockedPair(db, loaded)),
    async presenceAudience(executor, userId, partnerIds) {
      const visible: string[] = [];
      for (const id of partnerIds) {
        if (!(await blockedEitherWay(executor, userId, id))) visible.push(id);
      }
      return visible;
    },
  };
}
