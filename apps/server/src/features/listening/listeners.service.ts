import type {
  AdminListener,
  AdminListenersResponse,
  ListenerApplication,
  ListenerGuidelines,
  ReviewListenerAction,
} from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { LISTENER_WATCHERS_ROOM, type Notifier } from '../../realtime/notifier';
import type { EventBus, ListenerDecision } from '../../lib/events';
import { findUserById } from '../identity';
import { listenerGuidelines } from './guidelines';
import * as repo from './listeners.repository';

/** A review that does not fit the listener's current state (same code as a decided application). */
const wrongState = (message: string) => errors.applicationNotPending(message);

/** Which state each admin action starts from, where it leads, and its audit-log name. */
const transitions: Record<
  ReviewListenerAction,
  {
    from: repo.ListenerStatusValue;
    to: repo.ListenerStatusValue;
    event: ListenerDecision;
    log: string;
    refusal: string;
  }
> = {
  approve: {
    from: 'pending',
    to: 'approved',
    event: 'listener.approved',
    log: 'approve_listener',
    refusal: 'Only pending applications can be approved',
  },
  reject: {
    from: 'pending',
    to: 'rejected',
    event: 'listener.rejected',
    log: 'reject_listener',
    refusal: 'Only pending applications can be rejected',
  },
  suspend: {
    from: 'approved',
    to: 'suspended',
    event: 'listener.suspended',
    log: 'suspend_listener',
    refusal: 'Only approved listeners can be suspended',
  },
  reinstate: {
    from: 'suspended',
    to: 'approved',
    event: 'listener.reinstated',
    log: 'reinstate_listener',
    refusal: 'Only suspended listeners can be reinstated',
  },
};

function iso(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}

function toAdminListener(user: UserRow, reviewerPseudonym: string | null): AdminListener {
  return {
    id: user.id,
    pseudonym: user.pseudonym,
    email: user.email,
    bio: user.bio,
    languages: user.languages,
    listener_topics: user.listenerTopics,
    listener_status: user.listenerStatus,
    reason: user.listenerStatusReason,
    motivation: user.listenerMotivation,
    applied_at: iso(user.listenerAppliedAt),
    guidelines_accepted_at: iso(user.guidelinesAcceptedAt),
    reviewed_at: iso(user.listenerReviewedAt),
    reviewed_by:
      user.listenerReviewedBy && reviewerPseudonym
        ? { id: user.listenerReviewedBy, pseudonym: reviewerPseudonym }
        : null,
    listener_availability: user.listenerAvailability,
    listener_rating: user.listenerRating,
    listener_total_chats: user.listenerTotalChats,
    created_at: user.createdAt.toISOString(),
  };
}

/** The counselling contract's counselor approval, for listeners: apply, then an admin decides. */
export function createListenersService(deps: {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  events: EventBus;
  listenerApproval: 'required' | 'off';
}) {
  const { db, clock } = deps;
  const approvalRequired = deps.listenerApproval !== 'off';

  function toApplication(user: UserRow): ListenerApplication {
    const decided = user.listenerStatus === 'rejected' || user.listenerStatus === 'suspended';
    return {
      status: user.listenerStatus,
      reason: decided ? user.listenerStatusReason : null,
      applied_at: iso(user.listenerAppliedAt),
      guidelines_accepted_at: iso(user.guidelinesAcceptedAt),
      reviewed_at: iso(user.listenerReviewedAt),
      approval_required: approvalRequired,
      can_listen:
        user.roles.includes('listener') &&
        (!approvalRequired || user.listenerStatus === 'approved'),
    };
  }

  async function activeUser(userId: string): Promise<UserRow> {
    const user = await findUserById(db, userId);
    if (!user) throw errors.unauthenticated();
    if (!user.isActive) throw errors.banned();
    return user;
  }

  return {
    guidelines(): ListenerGuidelines {
      return listenerGuidelines;
    },

    async application(userId: string): Promise<ListenerApplication> {
      return toApplication(await activeUser(userId));
    },

    /** Applying (again, after a rejection) makes the user a listener awaiting review. */
    async apply(
      userId: string,
      body: { accept_guidelines: boolean; motivation: string },
    ): Promise<ListenerApplication> {
      const user = await activeUser(userId);
      if (!body.accept_guidelines) throw errors.guidelinesNotAccepted();
      if (user.listenerStatus === 'pending') {
        throw wrongState('Your application is already waiting for review');
      }
      if (user.listenerStatus === 'approved') {
        throw wrongState('You are already an approved listener');
      }
      if (user.listenerStatus === 'suspended') {
        throw wrongState('Your listener role is suspended; please contact support');
      }
      const now = clock.now();
      const row = await repo.updateListenerState(db, userId, {
        roles: user.roles.includes('listener') ? user.roles : [...user.roles, 'listener'],
        listenerStatus: 'pending',
        listenerStatusReason: null,
        listenerMotivation: body.motivation,
        listenerAppliedAt: now,
        guidelinesAcceptedAt: now,
        listenerReviewedAt: null,
        listenerReviewedBy: null,
      });
      if (!row) throw errors.unauthenticated();
      return toApplication(row);
    },

    async list(query: {
      status: repo.ListenerStatusValue;
      page: number;
      limit: number;
    }): Promise<AdminListenersResponse> {
      const { rows, total } = await repo.listListenersByStatus(db, {
        status: query.status,
        offset: (query.page - 1) * query.limit,
        limit: query.limit,
      });
      return {
        listeners: rows.map((r) => toAdminListener(r.user, r.reviewerPseudonym)),
        total,
        page: query.page,
        pages: Math.ceil(total / query.limit),
      };
    },

    /** Approve, reject, suspend or reinstate; each is logged with the admin who did it. */
    async review(
      adminId: string,
      userId: string,
      body: { action: ReviewListenerAction; reason?: string },
    ): Promise<AdminListener> {
      const step = transitions[body.action];
      const now = clock.now();
      const result = await deps.events.transaction(db, async (tx) => {
        const before = await findUserById(tx, userId);
        if (!before) throw errors.notFound('User');
        if (before.listenerStatus !== step.from) throw wrongState(step.refusal);
        const row = await repo.updateListenerState(
          tx,
          userId,
          {
            listenerStatus: step.to,
            listenerStatusReason: body.reason ?? null,
            listenerReviewedAt: now,
            listenerReviewedBy: adminId,
            // A suspended listener is no longer offered, starting now.
            ...(body.action === 'suspend' ? { listenerAvailability: 'unavailable' as const } : {}),
          },
          step.from,
        );
        if (!row) throw wrongState(step.refusal);
        await deps.events.publish(tx, step.event, {
          userId,
          adminId,
          reason: body.reason ?? null,
        });
        await deps.events.publish(tx, 'admin.action', {
          adminId,
          action: step.log,
          targetType: 'user',
          targetId: userId,
          details: {
            from: step.from,
            to: step.to,
            ...(body.reason ? { reason: body.reason } : {}),
            ...(step.from === 'pending' && before.listenerMotivation
              ? { motivation: before.listenerMotivation }
              : {}),
          },
        });
        return { before, row };
      });
      // A suspended listener's chats end through the `listener.suspended` subscriber.
      if (body.action === 'suspend' && result.before.listenerAvailability === 'available') {
        deps.notifier.toRoom(LISTENER_WATCHERS_ROOM, 'listener_status_update', {
          listener_id: userId,
          availability: 'unavailable',
        });
      }
      const reviewer = await findUserById(db, adminId);
      return toAdminListener(result.row, reviewer?.pseudonym ?? null);
    },
  };
}
export type ListenersService = ReturnType<typeof createListenersService>;
