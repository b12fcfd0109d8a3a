import { apiPrefix } from '@kindred/protocol';
import { errors } from '../../lib/errors';
import type { App, ModuleContext } from '../../lib/module';
import { createAccess } from './access';
import { loadConversation } from './conversations.repository';
import * as messagesRepo from './messages.repository';
import { messagesRoutes } from './messages.routes';
import { createMessagesService } from './messages.service';
import { createPolicyRegistry } from './policies';
import { registerConversationSockets } from './socket';
import { sweepExpired } from './sweeper';

export type { Membership } from './access';
export {
  insertConversation,
  type LoadedConversation,
  loadConversation,
  type MemberWithPseudonym,
} from './conversations.repository';
export { findMessage } from './messages.repository';
export { assertActive, type ConversationKind, type KindPolicy, type Visibility } from './policies';
export { crisisSupport, type MessagesService } from './messages.service';
export { toChatMessage } from './present';

/**
 * The conversation core: conversations, members, messages, reactions, history, sync and the
 * one send pipeline. It knows no kind: each kind's module registers a policy it asks.
 */
export async function register(app: App, ctx: ModuleContext) {
  const access = createAccess({ db: ctx.db, clock: ctx.clock });
  const policies = createPolicyRegistry();
  const messages = createMessagesService({
    db: ctx.db,
    clock: ctx.clock,
    limiter: ctx.limiter,
    messageRule: ctx.config.rateLimits.messages,
    typingRule: ctx.config.rateLimits.typing,
    notifier: ctx.notifier,
    presence: ctx.presence,
    events: ctx.events,
    access,
    policies,
  });
  registerConversationSockets(ctx, { messages, access, policies });
  await app.register(messagesRoutes, { prefix: apiPrefix, messages });

  const sweep = (now: Date) => sweepExpired(ctx.db, policies, now);
  ctx.jobs.every({
    name: 'conversation-sweeper',
    everyMs: ctx.config.sweepIntervalMs,
    scope: 'every-node',
    run: async () => {
      const swept = await sweep(ctx.clock.now());
      if (swept) ctx.log.debug(swept, 'expired conversations swept');
    },
  });

  return {
    findMember: access.findMember,
    requireMember: access.requireMember,
    /** Drops this node's copy of a conversation whose members or status just changed. */
    forget: access.forget,
    registerPolicy: policies.register,
    messages,
    sweep,
    /** What the attachments module needs to know of conversations. */
    gate: {
      async assertCanAttach(conversationId: string, userId: string) {
        const loaded = await access.requireMember(conversationId, userId);
        const policy = policies.of(loaded.conversation.kind);
        if (!policy.attachments) throw errors.attachmentsNotAllowed();
        await policy.assertCanSend(loaded, userId);
      },
      isMember: async (conversationId: string, userId: string) =>
        (await access.findMember(conversationId, userId)) !== undefined,
      messageCarrying: (attachmentId: string) =>
        messagesRepo.findMessageWithAttachment(ctx.db, attachmentId),
    },
    loadConversation: (id: string) => loadConversation(ctx.db, id),
    findMessage: (conversationId: string, messageId: string) =>
      messagesRepo.findMessage(ctx.db, conversationId, messageId),
  };
}
export type ConversationsApi = Awaited<ReturnType<typeof register>>;
