import type { SessionEndedEvent } from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { Notifier } from '../../realtime/notifier';
import { insertAccessRevocation } from './revocations.repository';
import type { Revocations } from './revocations';

/**
 * Ends sessions everywhere at once, the way a ban does: the access tokens stop working on every
 * node (recorded, so a node that missed the broadcast learns it within REVOCATION_REFRESH_MS),
 * and the sockets opened with them are told why and disconnected on every node.
 */
export function createSessionEnder(deps: {
  db: Db;
  clock: Clock;
  revocations: Pick<Revocations, 'publish'>;
  notifier: Pick<Notifier, 'disconnectUsers' | 'disconnectSession'>;
}) {
  const { db, clock, revocations, notifier } = deps;
  return {
    /** One sign-in (refresh-token family): logout, or a stolen refresh token replayed. */
    async endSession(
      userId: string,
      familyId: string,
      reason: Extract<SessionEndedEvent['reason'], 'logged_out' | 'revoked'>,
    ) {
      const revokedAt = clock.now();
      await insertAccessRevocation(db, { userId, familyId, revokedAt });
      await revocations.publish({ userId, familyId, revokedAt, banned: false });
      notifier.disconnectSession(familyId, { reason });
    },

    /** Every sign-in of the user: the account was erased, or its password was reset. */
    async endAllSessions(
      userId: string,
      reason: Extract<SessionEndedEvent['reason'], 'account_deleted' | 'revoked'>,
    ) {
      const revokedAt = clock.now();
      await insertAccessRevocation(db, { userId, familyId: null, revokedAt });
      await revocations.publish({ userId, revokedAt, banned: false });
      notifier.disconnectUsers([userId], { reason });
    },
  };
}
export type SessionEnder = ReturnType<typeof createSessionEnder>;
