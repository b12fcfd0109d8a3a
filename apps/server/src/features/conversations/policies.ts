import type { Executor } from '../../db/client';
import type { ConversationRow } from '../../db/schema';
import { type AppError, errors } from '../../lib/errors';
import type { LoadedConversation } from './conversations.repository';

export type ConversationKind = ConversationRow['kind'];

/** What members of one conversation may see of each other. */
export interface Visibility {
  /** Members whose online state and last activity others must not see. */
  hiddenPresence: ReadonlySet<string>;
  /** Whether read markers are shown to the other members. */
  receiptsShared: boolean;
}

/**
 * The rules of one kind of conversation. The core asks its kind's policy and never branches on
 * a kind itself: a new kind is a new policy, registered by the module that owns it.
 */
export interface KindPolicy {
  kind: ConversationKind;
  /** Throws when this member may not send now (ended, resolved, blocked, outside a window). */
  assertCanSend(loaded: LoadedConversation, senderId: string): Promise<void>;
  /** The refusal when the conversation closed between the check and the insert. */
  closedError(): AppError;
  /** Whether files and voice notes may be sent. */
  attachments: boolean;
  /** Presence and receipt visibility; everything is visible when absent. */
  visibility?(executor: Executor, loaded: LoadedConversation): Promise<Visibility>;
  /** Whether a member's typing is relayed to the others (no relay across a block). */
  relaysTyping?(loaded: LoadedConversation): Promise<boolean>;
  /** Writes the kind needs with a new message, in the message's own transaction. */
  afterStore?(
    tx: Executor,
    stored: { loaded: LoadedConversation; senderId: string; at: Date },
  ): Promise<void>;
  /** Of the user's partners in this kind, those who may see the user come and go. */
  presenceAudience?(executor: Executor, userId: string, partnerIds: string[]): Promise<string[]>;
  /** How long a conversation of this kind lives from its start; absent: until deleted. */
  lifetimeMs?: number;
  /** A member opened the conversation on a device (joined its room). */
  onJoin?(conversationId: string, userId: string): Promise<void>;
  /** Deletes what the kind keeps only for a while, in the sweeper's transaction. */
  sweep?(tx: Executor, now: Date): Promise<void>;
}

/** The policies every kind module registers at start. */
export function createPolicyRegistry() {
  const policies = new Map<ConversationKind, KindPolicy>();
  return {
    register(policy: KindPolicy) {
      if (policies.has(policy.kind)) throw new Error(`policy for ${policy.kind} registered twice`);
      policies.set(policy.kind, policy);
    },
    /** The policy of a kind; a conversation of a kind nobody registered takes no messages. */
    of(kind: ConversationKind): KindPolicy {
      return policies.get(kind) ?? closedPolicy(kind);
    },
    all: () => [...policies.values()],
  };
}
export type PolicyRegistry = ReturnType<typeof createPolicyRegistry>;

const closedPolicy = (kind: ConversationKind): KindPolicy => ({
  kind,
  attachments: false,
  closedError: errors.conversationEnded,
  assertCanSend: async () => {
    throw errors.conversationEnded();
  },
});

/** The check most kinds start from: only an active conversation takes messages. */
export async function assertActive(loaded: LoadedConversation, closed: () => AppError) {
  if (loaded.conversation.status !== 'active') throw closed();
}
