import {
  type ActiveSession,
  type EndSessionResponse,
  LISTENER_AWAY_TIMEOUT_MS,
  LISTENER_JOIN_TIMEOUT_MS,
  type ListenerAvailability,
  type RequestChatBody,
  type RequestChatResponse,
} from '@kindred/protocol';
import type { Db, Executor } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { LISTENER_WATCHERS_ROOM, type Notifier } from '../../realtime/notifier';
import type { PresenceStore } from '../../realtime/presence';
import type { EventBus } from '../../lib/events';
import { type ConversationsApi, insertConversation, loadConversation } from '../conversations';
import { avatarUrl, findUserById } from '../identity';
import { blockedEitherWay } from '../safety';
import type { MatchingService } from './matching.service';
import * as repo from './sessions.repository';

import { LISTENING_LIFETIME_MS } from './policy';

/** Rolls back a chat opened for a talk-now sharer who moved on meanwhile. */
const noLongerWanted = new Error('the sharer no longer waits for this listener');

export function createSessionsService(deps: {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  presence: PresenceStore;
  matching: MatchingService;
  events: EventBus;
  conversations: Pick<ConversationsApi, 'requireMember' | 'forget'>;
  /** `required`: only approved listeners can be requested or go available (LISTENER_APPROVAL). */
  listenerApproval?: 'required' | 'off';
  /** How long a listener has to open a requested chat (CHAT_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs?: number;
  /** A listener may have become free to take a chat (the waiting list is served). */
  listenerFree?: () => Promise<void>;
  /** A listener opened a chat they were asked to join (talk-now is told). */
  listenerJoined?: (conversationId: string, userId: string) => Promise<void>;
}) {
  const { db, clock, notifier } = deps;

  function announceAvailability(listenerId: string, availability: ListenerAvailability) {
    notifier.toRoom(LISTENER_WATCHERS_ROOM, 'listener_status_update', {
      listener_id: listenerId,
      availability,
    });
  }

  /** Asks a listener to take a chat (`chat_request`); a talk-now ask says when it runs out. */
  function sendChatRequest(
    listenerId: string,
    chat: {
      id: string;
      sharer: { id: string; pseudonym: string };
      topic: string | null;
      expiresAt?: Date | null;
    },
  ) {
    notifier.toUsers([listenerId], 'chat_request', {
      session_id: chat.id,
      sharer: chat.sharer,
      topic: chat.topic,
      ...(chat.expiresAt ? { expires_at: chat.expiresAt.toISOString() } : {}),
    });
  }

  /**
   * Tells a listener whose connection just came up of the chats they were asked to and have not
   * opened: a `chat_request` sent while they had no socket (a reload, a dropped connection, a
   * page still connecting) would otherwise be lost, and the sharer would wait for nothing. A
   * talk-now ask whose answer time has passed is left to the job that moves it on.
   */
  async function announceUnopened(listenerId: string) {
    const now = clock.now();
    const timeout = deps.requestTimeoutMs ?? LISTENER_JOIN_TIMEOUT_MS;
    const asked = await repo.findUnopenedFor(db, listenerId, new Date(now.getTime() - timeout));
    for (const chat of asked) {
      if (chat.askedUntil && chat.askedUntil <= now) continue;
      sendChatRequest(listenerId, {
        id: chat.id,
        sharer: { id: chat.sharerId, pseudonym: chat.sharerPseudonym },
        topic: chat.topic,
        expiresAt: chat.askedUntil,
      });
    }
  }

  /** Closes a chat, frees its listener and tells both members; false when it was not active. */
  async function close(
    conversationId: string,
    status: 'ended' | 'abandoned',
    endedBy: string | null,
    options: { askFeedback: boolean; listenerStays?: boolean } = { askFeedback: true },
  ) {
    const loaded = await loadConversation(db, conversationId);
    if (!loaded) return undefined;
    const listener = loaded.members.find((m) => m.role === 'listener');
    const now = clock.now();
    const closed = await deps.events.transaction(db, async (tx) => {
      const row = await repo.closeConversation(tx, conversationId, {
        status,
        endedBy,
        endedAt: now,
      });
      if (!row) return row;
      await repo.recordSessionEnd(tx, conversationId, { status, endedAt: now });
      await deps.events.publish(tx, 'chat.ended', {
        conversationId,
        status,
        endedBy,
        memberIds: loaded.members.map((m) => m.userId),
      });
      if (!listener) return row;
      if (status === 'ended') {
        await repo.countFinishedChat(tx, listener.userId);
        await repo.setAvailability(tx, listener.userId, 'available', 'in_chat');
      } else {
        // A listener who never came is not offered again until they say they are back; one who
        // said Not now stays available for others.
        const after = options.listenerStays ? 'available' : 'unavailable';
        await repo.setAvailability(tx, listener.userId, after, 'in_chat');
      }
      return row;
    });
    if (!closed) return undefined;
    deps.conversations.forget(conversationId);
    const listenerRow = listener && (await findUserById(db, listener.userId));
    notifier.toUsers(
      loaded.members.map((m) => m.userId),
      'chat_ended',
      {
        session_id: conversationId,
        ended_by: endedBy,
        feedback_required:
          options.askFeedback && status === 'ended' && (listenerRow?.allowFeedback ?? true),
        reason: status,
      },
    );
    if (listenerRow) announceAvailability(listenerRow.id, listenerRow.listenerAvailability);
    return closed;
  }

  /**
   * Claims the listener and opens a 24-hour listening chat, then tells them (chat_request).
   * `asked`, inside the same transaction, may still refuse (talk-now: the sharer moved on).
   * Undefined when the listener was no longer free.
   */
  async function openChat(
    sharer: { id: string; pseudonym: string },
    listenerId: string,
    topic: string | null,
    talkNow?: {
      expiresAt: Date;
      asked: (tx: Executor, conversationId: string) => Promise<boolean>;
    },
  ): Promise<RequestChatResponse | undefined> {
    const sharerId = sharer.id;
    const { expiresAt, asked } = talkNow ?? {};
    const startedAt = clock.now();
    const created = await deps.events
      .transaction(db, async (tx) => {
        const listener = await repo.claimListener(tx, listenerId, deps.listenerApproval !== 'off');
        if (!listener) return undefined;
        const conversation = await insertConversation(tx, {
          kind: 'listening',
          topic,
          createdBy: sharerId,
          startedAt,
          expiresAt: new Date(startedAt.getTime() + LISTENING_LIFETIME_MS),
          members: [
            { userId: sharerId, role: 'sharer' },
            { userId: listener.id, role: 'listener' },
          ],
        });
        await repo.recordSessionStart(tx, {
          id: conversation.id,
          topic: conversation.topic,
          startedAt,
        });
        if (asked && !(await asked(tx, conversation.id))) throw noLongerWanted;
        await deps.events.publish(tx, 'chat.started', {
          conversationId: conversation.id,
          sharerId,
          listenerId: listener.id,
          startedAt,
        });
        return { conversation, listener };
      })
      .catch((error: unknown) => {
        if (error === noLongerWanted) return undefined;
        throw error;
      });
    if (!created) return undefined;
    const { conversation, listener } = created;
    sendChatRequest(listener.id, {
      id: conversation.id,
      sharer: { id: sharer.id, pseudonym: sharer.pseudonym },
      topic: conversation.topic,
      expiresAt,
    });
    announceAvailability(listener.id, 'in_chat');
    return {
      session_id: conversation.id,
      listener: {
        id: listener.id,
        pseudonym: listener.pseudonym,
        profile_picture_url: listener.showProfilePicture ? avatarUrl(listener.avatarFile) : null,
      },
      topic: conversation.topic,
      started_at: conversation.startedAt.toISOString(),
      status: 'active' as const,
    };
  }

  /** Closes a chat request nobody accepted; the listener stays available. */
  function declineRequest(sessionId: string, by: string) {
    return close(sessionId, 'abandoned', by, { askFeedback: false, listenerStays: true });
  }

  return {
    /**
     * The listening contract's request-chat: claim the listener, open a 24-hour listening chat,
     * tell them.
     */
    async requestChat(sharerId: string, body: RequestChatBody): Promise<RequestChatResponse> {
      const sharer = await deps.matching.requireSharer(sharerId);
      if (body.listener_id === sharerId) throw errors.listenerUnavailable();
      if (await repo.findActiveListening(db, sharerId, clock.now())) throw errors.alreadyInChat();
      // A block (either way) reads as "not available": the blocked side learns nothing more.
      if (await blockedEitherWay(db, sharerId, body.listener_id))
        throw errors.listenerUnavailable();
      const opened = await openChat(sharer, body.listener_id, body.topic ?? null);
      if (!opened) throw errors.listenerUnavailable();
      return opened;
    },

    openChat,

    async activeSession(userId: string): Promise<ActiveSession> {
      const active = await repo.findActiveListening(db, userId, clock.now());
      if (!active) return { session_id: null };
      const loaded = await loadConversation(db, active.conversation.id);
      const partner = loaded?.members.find((m) => m.userId !== userId);
      const partnerRow = partner && (await findUserById(db, partner.userId));
      if (!partner || !partnerRow) return { session_id: null };
      return {
        session_id: active.conversation.id,
        partner: {
          id: partner.userId,
          pseudonym: partner.pseudonym,
          profile_picture_url: partnerRow.showProfilePicture
            ? avatarUrl(partnerRow.avatarFile)
            : null,
          role: partner.role === 'listener' ? 'listener' : 'sharer',
        },
        topic: active.conversation.topic,
        started_at: active.conversation.startedAt.toISOString(),
        user_role: active.role === 'listener' ? 'listener' : 'sharer',
      };
    },

    async endSession(userId: string, sessionId: string): Promise<EndSessionResponse> {
      const { conversation } = await deps.conversations.requireMember(sessionId, userId);
      // Another kind of conversation is no listening session: the same answer as none at all.
      if (conversation.kind !== 'listening') throw errors.conversationNotFound();
      const closed = await close(sessionId, 'ended', userId);
      if (!closed) throw errors.sessionNotActive();
      const minutes = Math.round(
        ((closed.endedAt ?? clock.now()).getTime() - closed.startedAt.getTime()) / 60_000,
      );
      return {
        message: 'Chat ended successfully',
        session_id: sessionId,
        duration_minutes: minutes,
      };
    },

    /**
     * POST /chat/sessions/:sessionId/decline: the asked listener says Not now. They stay
     * available for others; the sharer's request moves on (talk-now) or ends.
     */
    async notNow(listenerId: string, sessionId: string) {
      const { conversation, me } = await deps.conversations.requireMember(sessionId, listenerId);
      if (conversation.kind !== 'listening') throw errors.conversationNotFound();
      if (me.role !== 'listener')
        throw errors.unauthorizedAction('Only the asked listener can say Not now');
      if (me.firstJoinedAt || !(await declineRequest(sessionId, listenerId))) {
        throw errors.chatRequestNotPending();
      }
      return { message: 'Request passed on', session_id: sessionId };
    },

    declineRequest,

    /** PATCH /users/me/availability and `status_change`: same rules, then everyone browsing is told. */
    async setAvailability(userId: string, availability: ListenerAvailability) {
      const user = await findUserById(db, userId);
      if (!user) throw errors.unauthenticated();
      if (!user.isActive) throw errors.banned();
      if (!user.roles.includes('listener')) throw errors.notAListener();
      if (
        availability === 'available' &&
        deps.listenerApproval !== 'off' &&
        user.listenerStatus !== 'approved'
      ) {
        throw errors.listenerNotApproved();
      }
      const inChat = await repo.findActiveListening(db, userId, clock.now());
      if (inChat && inChat.role === 'listener' && availability !== 'in_chat')
        throw errors.alreadyInChat();
      await repo.setAvailability(db, userId, availability);
      if (availability === 'available') {
        // Someone going available with no open socket is away from the start.
        const online = (await deps.presence.status([userId])).get(userId)?.online ?? false;
        await repo.setAwaySince(db, userId, online ? null : clock.now());
      }
      announceAvailability(userId, availability);
      if (availability === 'available') await deps.listenerFree?.();
      return { listener_availability: availability };
    },

    /** Ends every active listening chat the two share (a block does this). */
    async endSharedChats(userId: string, otherId: string) {
      for (const { id } of await repo.findSharedActive(db, userId, otherId)) {
        // Nobody is asked to rate a chat that ended because one of them blocked the other.
        await close(id, 'ended', userId, { askFeedback: false });
      }
    },

    /** Ends every active listening chat of a user (a ban does this); the others are told. */
    async endAllChatsOf(userId: string, options: { asListener?: boolean } = {}) {
      let ended = 0;
      const role = options.asListener ? 'listener' : undefined;
      for (const { id } of await repo.findAllActive(db, userId, role)) {
        if (await close(id, 'ended', null, { askFeedback: false })) ended++;
      }
      return ended;
    },

    /** join_chat: the listener has arrived, so the chat is not abandoned. */
    async markJoined(sessionId: string, userId: string) {
      await repo.markFirstJoined(db, sessionId, userId, clock.now());
      await deps.listenerJoined?.(sessionId, userId);
    },

    async socketConnected(userId: string) {
      await repo.setAwaySince(db, userId, null);
      await announceUnopened(userId);
      await deps.listenerFree?.();
    },
    async socketsGone(userId: string) {
      await repo.setAwaySince(db, userId, clock.now());
    },

    /**
     * Periodic: chats whose listener never joined within a minute are abandoned (the sharer is
     * told and can pick someone else); listeners away for two minutes stop being offered.
     */
    async releaseStale(): Promise<{ abandoned: number; away: number }> {
      const now = clock.now().getTime();
      const timeout = deps.requestTimeoutMs ?? LISTENER_JOIN_TIMEOUT_MS;
      const unjoined = await repo.findUnjoined(db, new Date(now - timeout));
      let abandoned = 0;
      for (const chat of unjoined) if (await close(chat.id, 'abandoned', null)) abandoned++;
      const away = await repo.releaseAwayListeners(db, new Date(now - LISTENER_AWAY_TIMEOUT_MS));
      for (const { id } of away) announceAvailability(id, 'unavailable');
      return { abandoned, away: away.length };
    },
  };
}
export type SessionsService = ReturnType<typeof createSessionsService>;
