import {
  deleteMessageSchema,
  editMessageSchema,
  joinChatSchema,
  leaveChatSchema,
  markReadSchema,
  messageReactionSchema,
  sendMessageSchema,
  syncSchema,
  typingSchema,
} from '@kindred/protocol';
import type { ModuleContext } from '../../lib/module';
import { chatRoom, userRoom } from '../../realtime/notifier';
import type { Access } from './access';
import type { Admission } from './admission';
import { listPartners, shownId } from './conversations.repository';
import type { MessagesService } from './messages.service';
import type { PolicyRegistry } from './policies';

/** The conversation events of the socket protocol, and presence told to chat partners. */
export function registerConversationSockets(
  ctx: ModuleContext,
  deps: {
    messages: MessagesService;
    access: Access;
    policies: PolicyRegistry;
    admission: Admission;
  },
) {
  const { realtime } = ctx;
  const { messages, access, policies, admission } = deps;

  realtime.handle('join_chat', joinChatSchema, async ({ userId, socket }, { session_id }) => {
    const conversation = await messages.conversationFor(session_id, userId);
    const me = conversation.members.find((m) => m.user_id === userId);
    await socket.join(chatRoom(session_id));
    await policies.of(conversation.kind).onJoin?.(session_id, userId);
    // Staff on a ticket join as the team (`user_id` is already the team's for the others).
    const joined = {
      session_id,
      user_id: shownId(me?.role, userId),
      pseudonym: me?.pseudonym ?? '',
    };
    socket.to(chatRoom(session_id)).except(userRoom(userId)).emit('user_joined', joined);
    return { conversation };
  });
  realtime.handle('leave_chat', leaveChatSchema, async ({ userId, socket }, { session_id }) => {
    const { me } = await access.requireMember(session_id, userId);
    if (!socket.rooms.has(chatRoom(session_id))) return {};
    await socket.leave(chatRoom(session_id));
    socket
      .to(chatRoom(session_id))
      .except(userRoom(userId))
      .emit('user_left', {
        session_id,
        user_id: shownId(me.role, userId),
        pseudonym: me.pseudonym,
      });
    return {};
  });
  // A node with no room refuses a send before its budget, size and schema checks cost anything.
  realtime.handle('send_message', sendMessageSchema, (c, p) => messages.sendMessage(c.userId, p), {
    admit: admission.assertRoom,
  });
  realtime.handle('edit_message', editMessageSchema, (c, p) => messages.editMessage(c.userId, p));
  realtime.handle('delete_message', deleteMessageSchema, (c, p) =>
    messages.deleteMessage(c.userId, p),
  );
  realtime.handle('typing', typingSchema, (c, p) => messages.typing(c.userId, p));
  realtime.handle('mark_read', markReadSchema, (c, p) => messages.markRead(c.userId, p));
  realtime.handle('message_reaction', messageReactionSchema, (c, p) => messages.react(c.userId, p));
  realtime.handle('sync', syncSchema, (c, p) => messages.sync(c.userId, p));

  /** Partners who may see the user come and go, as each conversation's kind allows. */
  async function audience(userId: string): Promise<string[]> {
    const byKind = new Map<string, string[]>();
    for (const partner of await listPartners(ctx.db, userId)) {
      byKind.set(partner.kind, [...(byKind.get(partner.kind) ?? []), partner.userId]);
    }
    const allowed = new Set<string>();
    for (const [kind, ids] of byKind) {
      const policy = policies.of(kind as Parameters<PolicyRegistry['of']>[0]);
      const seen = policy.presenceAudience
        ? await policy.presenceAudience(ctx.db, userId, ids)
        : ids;
      for (const id of seen) allowed.add(id);
    }
    return [...allowed];
  }

  realtime.onOnline(async (userId) => {
    ctx.notifier.toUsers(await audience(userId), 'user_online', {
      user_id: userId,
      online: true,
      last_active: null,
    });
  });
  realtime.onOffline(async (userId, lastActive) => {
    ctx.notifier.toUsers(await audience(userId), 'user_offline', {
      user_id: userId,
      online: false,
      last_active: lastActive,
    });
  });
}
