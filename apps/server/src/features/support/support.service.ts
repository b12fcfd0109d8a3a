import type {
  AdminSupportTicket,
  CreateSupportTicketResponse,
  SupportStatus,
  SupportTicket,
} from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { ConversationRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import { type ConversationsApi, insertConversation } from '../conversations';
import { findUserById } from '../identity';
import * as repo from './support.repository';

const PREVIEW_MAX = 140;

function toTicket(c: ConversationRow, unread: number): SupportTicket {
  return {
    id: c.id,
    session_id: c.id,
    subject: c.topic ?? 'Support',
    status: c.supportStatus ?? 'open',
    created_at: c.startedAt.toISOString(),
    last_message_at: c.lastMessageAt?.toISOString() ?? null,
    unread_count: Number(unread),
  };
}

type QueueRow = Awaited<ReturnType<typeof repo.listQueue>>[number];

function toAdminTicket(r: QueueRow): AdminSupportTicket {
  const c = r.conversation;
  const preview = r.preview ?? null;
  return {
    id: c.id,
    session_id: c.id,
    subject: c.topic ?? 'Support',
    status: c.supportStatus ?? 'open',
    user:
      r.ownerId && r.ownerPseudonym && r.ownerEmail !== null
        ? { id: r.ownerId, pseudonym: r.ownerPseudonym, email: r.ownerEmail }
        : null,
    assigned_to:
      c.assignedTo && r.assigneePseudonym
        ? { id: c.assignedTo, pseudonym: r.assigneePseudonym }
        : null,
    is_member: Boolean(r.isMember),
    created_at: c.startedAt.toISOString(),
    last_message_at: c.lastMessageAt?.toISOString() ?? null,
    last_message_preview:
      preview && preview.length > PREVIEW_MAX ? `${preview.slice(0, PREVIEW_MAX - 1)}…` : preview,
    message_count: Number(r.messageCount),
  };
}

/**
 * Support tickets (DESIGN §4 `support`): a conversation between one user and the team. Messages
 * go through the one pipeline; this service opens tickets and runs the team's queue.
 */
export function createSupportService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  conversations: Pick<ConversationsApi, 'messages' | 'forget'>;
}) {
  const { db, clock, events } = deps;

  async function adminTicket(adminId: string, id: string): Promise<AdminSupportTicket> {
    const [row] = await repo.listQueue(db, { adminId, id });
    if (!row) throw errors.notFound('Support ticket');
    return toAdminTicket(row);
  }

  async function requireTicket(id: string): Promise<ConversationRow> {
    const ticket = await repo.findTicket(db, id);
    if (!ticket) throw errors.notFound('Support ticket');
    return ticket;
  }

  return {
    /** Opens a ticket whose first message is sent like any other (ids, moderation, sockets). */
    async createTicket(
      userId: string,
      body: { subject: string; content: string; client_msg_id?: string },
    ): Promise<CreateSupportTicketResponse> {
      const user = await findUserById(db, userId);
      if (!user) throw errors.unauthenticated();
      const now = clock.now();
      const conversation = await db.transaction(async (tx) => {
        const row = await insertConversation(tx, {
          kind: 'support',
          topic: body.subject,
          createdBy: userId,
          startedAt: now,
          expiresAt: null,
          members: [{ userId, role: repo.TICKET_OWNER_ROLE }],
        });
        await repo.openTicket(tx, row.id, now);
        return row;
      });
      let sent;
      try {
        sent = await deps.conversations.messages.sendMessage(userId, {
          session_id: conversation.id,
          content: body.content,
          client_msg_id: body.client_msg_id,
        });
      } catch (error) {
        // A first message the pipeline refuses (moderation, rate limit) leaves no empty ticket.
        await repo.deleteTicket(db, conversation.id);
        throw error;
      }
      const mine = await repo.findUserTicket(db, conversation.id, userId);
      const ticket = toTicket(mine?.conversation ?? conversation, 0);
      return sent.crisis_support ? { ticket, crisis_support: sent.crisis_support } : { ticket };
    },

    async listMine(userId: string): Promise<SupportTicket[]> {
      const rows = await repo.listUserTickets(db, userId);
      return rows.map((r) => toTicket(r.conversation, r.unread));
    },

    async queue(adminId: string, status: SupportStatus): Promise<AdminSupportTicket[]> {
      const rows = await repo.listQueue(db, { adminId, status });
      return rows.map(toAdminTicket);
    },

    /** Takes ownership: the admin joins the conversation as the team's voice. */
    async assign(adminId: string, id: string): Promise<AdminSupportTicket> {
      const ticket = await requireTicket(id);
      await events.transaction(db, async (tx) => {
        await repo.assignTicket(tx, id, adminId);
        await events.publish(tx, 'admin.action', {
          adminId,
          action: 'assign_support_ticket',
          targetType: 'conversation',
          targetId: id,
          details: { previous_assignee: ticket.assignedTo },
        });
      });
      // The next message reaches the new member at once (other nodes catch up within seconds).
      deps.conversations.forget(id);
      return adminTicket(adminId, id);
    },

    async setStatus(
      adminId: string,
      id: string,
      status: SupportStatus,
    ): Promise<AdminSupportTicket> {
      const ticket = await requireTicket(id);
      await events.transaction(db, async (tx) => {
        await repo.setTicketStatus(tx, id, { status, by: adminId, at: clock.now() });
        await events.publish(tx, 'admin.action', {
          adminId,
          action: 'update_support_ticket',
          targetType: 'conversation',
          targetId: id,
          details: { from: ticket.supportStatus, to: status },
        });
        if (status === 'resolved' && ticket.createdBy) {
          await events.publish(tx, 'support.resolved', {
            conversationId: id,
            userId: ticket.createdBy,
            adminId,
          });
        }
      });
      deps.conversations.forget(id);
      return adminTicket(adminId, id);
    },
  };
}
export type SupportService = ReturnType<typeof createSupportService>;
