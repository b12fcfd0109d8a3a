import { apiPrefix } from '@kindred/protocol';
import { errors } from '../../lib/errors';
import type { App, ModuleContext } from '../../lib/module';
import { createAccess } from './access';
import { createAdmission } from './admission';
import { createGroupCommit } from './group-commit';
import { loadConversation } from './conversations.repository';
import * as messagesRepo from './messages.repository';
import { messagesRoutes } from './messages.routes';
import { createMessageKindRegistry } from './message-kinds';
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
  membershipOf,
} from './conversations.repository';
export { findMessage } from './messages.repository';
export { assertActive, type ConversationKind, type KindPolicy, type Visibility } from './policies';
export type { SharedMessageKind } from './message-kinds';
export { crisisSupport, type MessagesService } from './messages.service';
export { toChatMessage } from './present';

/**
 * The conversation core: conversations, members, messages, reactions, history, sync and the
 * one send pipeline. It knows no kind: each kind's module registers a policy it asks.
 */
export async function register(app: App, ctx: ModuleContext) {
  const access = createAccess({ db: ctx.db, clock: ctx.clock });
  const policies = createPolicyRegistry();
  const messageKinds = createMessageKindRegistry();
  const admission = createAdmission(ctx.config.sendQueueMax);
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
    messageKinds,
    admission,
    groupCommit: createGroupCommit({ db: ctx.db, events: ctx.events }),
  });
  registerConversationSockets(ctx, { messages, access, policies, admission });
  await app.register(messagesRoutes, { prefix: apiPrefix, messages });

  const sweep = async (now: Date) => {
    const swept = await sweepExpired(ctx.db, policies, now);
    if (swept && (swept.conversationIds.length > 0 || swept.attachmentIds.length > 0)) {
      await ctx.events.publish(ctx.db, 'expiry.swept', {
        conversationIds: swept.conversationIds,
        attachmentIds: swept.attachmentIds,
      });
    }
    return swept && { conversations: swept.conversations, messages: swept.messages };
  };
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
    /** A module that owns what a message can share (resources) registers its kind here. */
    registerMessageKind: messageKinds.register,
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
