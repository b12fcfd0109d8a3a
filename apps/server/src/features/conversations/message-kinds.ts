import type { ResourceCard } from '@kindred/protocol';
import { errors } from '../../lib/errors';
import type { ConversationKind } from './policies';

/**
 * A kind of message that shares something another module owns (a library resource), by its id.
 * The owning module registers one at start; the core stores the id in `messages.ref_id` and asks
 * the kind, never the module, whether it may be shared and how it looks. What a message carries
 * is named in the protocol (`ChatMessage.resource`), so the core knows the shape, not the rules.
 */
export interface SharedMessageKind {
  kind: 'resource';
  /** Conversations of these kinds accept it; others answer INVALID_MESSAGE_TYPE. */
  conversationKinds: readonly ConversationKind[];
  /** Throws (not found, not published…) unless this sender may share the item now. */
  assertShareable(itemId: string, senderId: string): Promise<void>;
  /** The cards of these items; an id missing from the map is no longer available. */
  cards(itemIds: string[]): Promise<Map<string, ResourceCard>>;
}

/** The shared kinds the modules registered; the pipeline asks here. */
export function createMessageKindRegistry() {
  const kinds = new Map<SharedMessageKind['kind'], SharedMessageKind>();
  return {
    register(kind: SharedMessageKind) {
      if (kinds.has(kind.kind)) throw new Error(`message kind ${kind.kind} registered twice`);
      kinds.set(kind.kind, kind);
    },
    /** The kind, checked to be allowed in this conversation; throws otherwise. */
    forSending(kind: SharedMessageKind['kind'], conversationKind: ConversationKind) {
      const found = kinds.get(kind);
      if (!found || !found.conversationKinds.includes(conversationKind)) {
        throw errors.invalidMessageType('Resources cannot be shared in this conversation');
      }
      return found;
    },
    /** Cards for the rows of shared kinds that still show theirs, by item id. */
    async cardsFor(
      rows: {
        kind: string;
        refId: string | null;
        deletedAt: Date | null;
        moderationStatus: string;
      }[],
    ): Promise<Map<string, ResourceCard>> {
      const kind = kinds.get('resource');
      const ids = rows
        .filter(
          (r) =>
            r.kind === 'resource' && r.refId && !r.deletedAt && r.moderationStatus !== 'removed',
        )
        .map((r) => r.refId!);
      if (!kind || ids.length === 0) return new Map();
      return kind.cards([...new Set(ids)]);
    },
  };
}
export type MessageKindRegistry = ReturnType<typeof createMessageKindRegistry>;

/** A message with its shared card: null when it has none, or it was deleted, removed or is gone. */
export function withCard<M extends { deleted_at: string | null; removed: boolean }>(
  message: M,
  row: { kind: string; refId: string | null },
  cards: Map<string, ResourceCard>,
): M & { resource: ResourceCard | null } {
  const shows = row.kind === 'resource' && !message.deleted_at && !message.removed;
  return { ...message, resource: (shows && cards.get(row.refId ?? '')) || null };
}
