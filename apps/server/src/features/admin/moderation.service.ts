import type {
  ModerationActionBody,
  ModerationItem,
  ModerationItemDetail,
  moderationQueueQuerySchema,
  UserNotice,
} from '@kindred/protocol';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import type { UserNoticeRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import type { Notifier } from '../../realtime/notifier';
import type { MessagesService } from '../conversations';
import type { EventBus } from '../../lib/events';
import * as repo from './admin.repository';
import type { AdminService } from './admin.service';
import * as queue from './moderation-queue.repository';
import { iso, pages, paging, ref } from './present';

/** Messages shown either side of the one under review. */
const CONTEXT_AROUND = 5;

function toQueueItem(row: queue.QueueRow): ModerationItem {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    category: row.category,
    user: ref(row.userId, row.userPseudonym),
    reporter: ref(row.reporterId, row.reporterPseudonym),
    session_id: row.sessionId,
    message_id: row.messageId,
    content: row.content,
    description: row.description,
    created_at: row.createdAt.toISOString(),
    reviewed_at: iso(row.reviewedAt),
    resolution: row.resolution,
  };
}

function toNotice(row: UserNoticeRow): UserNotice {
  return {
    id: row.id,
    kind: row.kind,
    message: row.message,
    created_at: row.createdAt.toISOString(),
  };
}

/** What an admin writes for a moderation action, as the report's resolution. */
const actionSummary: Record<ModerationActionBody['action'], string> = {
  dismiss: 'Dismissed',
  remove_message: 'Message removed',
  warn: 'User warned',
  ban: 'User banned',
};
const eventResolution = {
  dismiss: 'dismissed',
  remove_message: 'removed',
  warn: 'warned',
  ban: 'banned',
} as const;

/**
 * The moderation queue: flagged messages and reports in one list, each reviewed with its context
 * and decided by one action. Every look and every decision is written to admin_logs.
 */
export function createModerationService(deps: {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  messages: MessagesService;
  events: EventBus;
  ban: AdminService['ban'];
}) {
  const { db, clock, notifier } = deps;

  async function requireItem(kind: ModerationItem['kind'], id: string) {
    const item = await queue.findQueueItem(db, kind, id);
    if (!item) throw errors.notFound(kind === 'report' ? 'Report' : 'Moderation item');
    return item;
  }

  /** Marks a queue item decided (report status, or event reviewed_at + resolution). */
  async function resolveItem(
    adminId: string,
    item: queue.QueueRow,
    action: ModerationActionBody['action'],
    note: string | undefined,
  ) {
    const now = clock.now();
    if (item.kind === 'report') {
      await repo.reviewReport(db, item.id, {
        status: action === 'dismiss' ? 'dismissed' : 'resolved',
        resolution: note ?? actionSummary[action],
        reviewedBy: adminId,
        reviewedAt: now,
      });
    } else {
      await repo.reviewModerationEvent(db, item.id, {
        resolution: eventResolution[action],
        reviewedBy: adminId,
        reviewedAt: now,
      });
    }
  }

  return {
    async moderationQueue(query: z.output<typeof moderationQueueQuerySchema>) {
      const { items, total } = await queue.listQueue(db, query.state, paging(query));
      return {
        items: items.map(toQueueItem),
        total,
        page: query.page,
        pages: pages(total, query.limit),
      };
    },

    /** One item with the messages around it (while the chat exists); the look is logged. */
    async reviewItem(
      adminId: string,
      kind: ModerationItem['kind'],
      itemId: string,
    ): Promise<ModerationItemDetail> {
      const item = await requireItem(kind, itemId);
      const conversation =
        item.sessionId && (await queue.findLiveConversation(db, item.sessionId, clock.now()));
      let context: Awaited<ReturnType<typeof queue.messagesAroundSeq>> = [];
      if (conversation) {
        const seq =
          item.messageId && (await queue.findMessageSeq(db, conversation.id, item.messageId));
        context = seq
          ? await queue.messagesAroundSeq(db, conversation.id, seq, CONTEXT_AROUND)
          : await queue.messagesUpTo(db, conversation.id, item.createdAt, CONTEXT_AROUND * 2);
      }
      await deps.events.publish(db, 'admin.action', {
        adminId,
        action: 'review_item',
        targetType: kind === 'report' ? 'report' : 'moderation_event',
        targetId: itemId,
        details: { kind, conversation_available: Boolean(conversation) },
      });
      return {
        item: toQueueItem(item),
        context: context.map((m) => ({
          id: m.id,
          seq: m.seq,
          sender: ref(m.senderId, m.senderPseudonym),
          // What the sender deleted themself stays gone; what moderation removed stays visible here.
          content: m.deletedAt ? '' : m.content,
          sent_at: m.sentAt.toISOString(),
          is_subject: m.id === item.messageId,
          moderation_status: m.moderationStatus,
        })),
        conversation_available: Boolean(conversation),
      };
    },

    /** dismiss | remove_message | warn | ban: does it, resolves the item, logs it. */
    async act(
      adminId: string,
      kind: ModerationItem['kind'],
      itemId: string,
      body: ModerationActionBody,
    ) {
      const item = await requireItem(kind, itemId);
      const source = { kind, id: itemId };
      const targetType = kind === 'report' ? 'report' : 'moderation_event';
      let note: string | undefined;
      switch (body.action) {
        case 'dismiss':
          note = body.note;
          await deps.events.publish(db, 'admin.action', {
            adminId,
            action: 'dismiss_item',
            targetType,
            targetId: itemId,
            details: note ? { note } : {},
          });
          break;
        case 'remove_message': {
          note = body.note;
          if (!item.sessionId || !item.messageId) throw errors.messageNotFound();
          const removed = await deps.messages.removeMessage(item.sessionId, item.messageId);
          if (!removed) throw errors.messageNotFound();
          await deps.events.publish(db, 'admin.action', {
            adminId,
            action: 'remove_message',
            targetType: 'message',
            targetId: item.messageId,
            details: { source, session_id: item.sessionId, ...(note ? { note } : {}) },
          });
          break;
        }
        case 'warn': {
          note = body.message;
          if (!item.userId) throw errors.notFound('User');
          const notice = await deps.events.transaction(db, async (tx) => {
            const row = await repo.insertNotice(tx, {
              userId: item.userId!,
              kind: 'warning',
              message: body.message,
              createdBy: adminId,
            });
            await deps.events.publish(tx, 'admin.action', {
              adminId,
              action: 'warn_user',
              targetType: 'user',
              targetId: item.userId,
              details: { source, message: body.message },
            });
            await deps.events.publish(tx, 'notice.issued', {
              noticeId: row.id,
              userId: item.userId!,
              adminId,
            });
            return row;
          });
          notifier.toUsers([item.userId], 'notice', toNotice(notice));
          break;
        }
        case 'ban':
          note = body.reason;
          if (!item.userId) throw errors.notFound('User');
          await deps.ban(adminId, item.userId, body.reason, source);
          break;
      }
      await resolveItem(adminId, item, body.action, note);
      const after = await requireItem(kind, itemId);
      return { message: actionSummary[body.action], item: toQueueItem(after) };
    },

    async notices(userId: string) {
      return { notices: (await repo.listOpenNotices(db, userId)).map(toNotice) };
    },

    async acknowledgeNotice(userId: string, noticeId: string) {
      if (!(await repo.acknowledgeNotice(db, userId, noticeId, clock.now()))) {
        throw errors.notFound('Notice');
      }
      return { message: 'Notice acknowledged' };
    },
  };
}
export type ModerationService = ReturnType<typeof createModerationService>;
