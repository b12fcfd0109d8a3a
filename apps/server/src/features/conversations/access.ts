import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { type LoadedConversation, loadConversation } from './conversations.repository';

/** How long the hot paths (send, typing) may reuse a loaded conversation on this node. */
const CONTEXT_TTL_MS = 5000;
const CONTEXT_CACHE_MAX = 20_000;

export interface Membership extends LoadedConversation {
  me: LoadedConversation['members'][number];
}

/**
 * The one access check of every path that reads or writes a conversation. "Not yours", "gone"
 * and "expired" get one answer, so nobody learns that a conversation they are not in exists.
 */
export function createAccess(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const recent = new Map<string, { loaded: LoadedConversation; at: number }>();

  /**
   * The conversation for the hot paths, reused for a few seconds. Safe because the insert
   * re-checks that the conversation is active in the same statement; a member list at most a
   * few seconds old is the only thing it can get wrong.
   */
  async function recentConversation(id: string): Promise<LoadedConversation | undefined> {
    const now = Date.now();
    const hit = recent.get(id);
    if (hit && now - hit.at < CONTEXT_TTL_MS) return hit.loaded;
    const loaded = await loadConversation(db, id);
    if (recent.size >= CONTEXT_CACHE_MAX) recent.clear();
    if (loaded) recent.set(id, { loaded, at: now });
    return loaded;
  }

  /** The member's view of the conversation; undefined when it is not theirs, gone or expired. */
  async function findMember(
    conversationId: string,
    userId: string,
    options: { fresh: boolean } = { fresh: true },
  ): Promise<Membership | undefined> {
    const loaded = options.fresh
      ? await loadConversation(db, conversationId)
      : await recentConversation(conversationId);
    const expiresAt = loaded?.conversation.expiresAt;
    const me = loaded?.members.find((m) => m.userId === userId);
    // Someone who just joined (an admin taking a support ticket) is not in an older copy yet.
    if (loaded && !me && !options.fresh) return findMember(conversationId, userId);
    if (!loaded || !me || (expiresAt && expiresAt <= clock.now())) return undefined;
    return { ...loaded, me };
  }

  /** As `findMember`, refusing with the one answer (404 CONVERSATION_NOT_FOUND). */
  async function requireMember(
    conversationId: string,
    userId: string,
    options: { fresh: boolean } = { fresh: true },
  ): Promise<Membership> {
    const membership = await findMember(conversationId, userId, options);
    if (!membership) throw errors.conversationNotFound();
    return membership;
  }

  return {
    findMember,
    requireMember,
    /** Drops this node's copy of a conversation whose members or status just changed. */
    forget(conversationId: string) {
      recent.delete(conversationId);
    },
  };
}
export type Access = ReturnType<typeof createAccess>;
