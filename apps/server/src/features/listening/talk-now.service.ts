import type { TalkNowBody, TalkNowResponse, WaitingUpdate } from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { WaitingListRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import { errors } from '../../lib/errors';
import type { Notifier } from '../../realtime/notifier';
import type { PresenceStore } from '../../realtime/presence';
import type { MatchingService } from './matching.service';
import * as repo from './sessions.repository';
import type { SessionsService } from './sessions.service';
import * as waiting from './waiting.repository';

/**
 * Talk-now and its waiting list: the best free listener is asked; when nobody is free the sharer
 * waits in line, and the first listener to become free is offered to the first in line. A
 * listener who says Not now or lets the request run out sends it on to the next.
 */
export function createTalkNowService(deps: {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  presence: PresenceStore;
  events: EventBus;
  matching: MatchingService;
  sessions: Pick<SessionsService, 'openChat' | 'declineRequest' | 'activeSession'>;
  /** How long a listener has to accept (CHAT_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
  /** How long a sharer may be gone from the page and keep their place (0: for ever). */
  awayMs: number;
}) {
  const { db, clock, notifier } = deps;

  const tell = (sharerId: string, update: WaitingUpdate) =>
    notifier.toUsers([sharerId], 'waiting_update', update);

  function waitingState(entry: WaitingListRow, position: number): TalkNowResponse {
    return {
      status: 'waiting',
      position,
      topic: entry.topic,
      joined_at: entry.joinedAt.toISOString(),
    };
  }

  /** Tells everyone in line their place (it moved). */
  async function announcePositions() {
    const inLine = await waiting.line(db);
    inLine.forEach((entry, i) => tell(entry.sharerId, waitingState(entry, i + 1)));
    return inLine;
  }

  /** Asks the best connected listener for this sharer; the asking state, or undefined. */
  async function askBest(entry: WaitingListRow): Promise<TalkNowResponse | undefined> {
    const sharer = await deps.matching.requireSharer(entry.sharerId).catch(() => undefined);
    if (!sharer) return undefined;
    const ranked = await deps.matching.rankListeners(sharer.id, entry.topic, entry.passedOver);
    // The database knows who was away when they last disconnected; presence also knows who is
    // connected right now on every node.
    const presence = await deps.presence.status(ranked);
    for (const listenerId of ranked.filter((id) => presence.get(id)?.online)) {
      const expiresAt = new Date(clock.now().getTime() + deps.requestTimeoutMs);
      const opened = await deps.sessions.openChat(sharer, listenerId, entry.topic, {
        expiresAt,
        asked: async (tx, sessionId) =>
          !!(await waiting.markAsking(tx, sharer.id, { sessionId, askedUntil: expiresAt })),
      });
      if (!opened) continue;
      const asking: TalkNowResponse = {
        status: 'asking',
        session_id: opened.session_id,
        listener: opened.listener,
        topic: opened.topic,
        expires_at: expiresAt.toISOString(),
      };
      tell(sharer.id, asking);
      return asking;
    }
    return undefined;
  }

  // One pass over the line at a time on this node; across nodes, claiming a listener and marking
  // the entry as asking are both conditional, so two passes never ask twice.
  let running: Promise<void> = Promise.resolve();
  let again = false;

  /** Serves the line in order: each sharer present gets the best free listener left for them. */
  async function serveLine() {
    let changed = false;
    for (const entry of await waiting.line(db)) {
      if (entry.awaySince) {
        await notifyAway(entry);
        continue;
      }
      if (await askBest(entry)) changed = true;
    }
    if (changed) await announcePositions();
  }

  /** The sharer left the page: they keep their place and are told once that someone is free. */
  async function notifyAway(entry: WaitingListRow) {
    const ranked = await deps.matching.rankListeners(entry.sharerId, entry.topic, entry.passedOver);
    if (ranked.length === 0) return;
    if (await waiting.markNotified(db, entry.sharerId, clock.now())) {
      await deps.events.publish(db, 'waiting.listener_free', { sharerId: entry.sharerId });
    }
  }

  function dispatch(): Promise<void> {
    if (again) return running;
    again = true;
    running = running.then(async () => {
      again = false;
      await serveLine();
    });
    return running;
  }

  async function currentState(entry: WaitingListRow): Promise<TalkNowResponse> {
    if (entry.sessionId && entry.askedUntil) {
      const active = await deps.sessions.activeSession(entry.sharerId);
      if (active.session_id === entry.sessionId) {
        const { id, pseudonym, profile_picture_url } = active.partner;
        return {
          status: 'asking',
          session_id: entry.sessionId,
          listener: { id, pseudonym, profile_picture_url },
          topic: entry.topic,
          expires_at: entry.askedUntil.toISOString(),
        };
      }
    }
    const inLine = await waiting.line(db);
    const position = inLine.findIndex((e) => e.sharerId === entry.sharerId) + 1;
    return waitingState(entry, Math.max(position, 1));
  }

  return {
    dispatch,

    /** POST /match/talk-now: a listener is asked now (201), or the sharer waits in line (202). */
    async talkNow(sharerId: string, body: TalkNowBody): Promise<TalkNowResponse> {
      await deps.matching.requireSharer(sharerId);
      const existing = await waiting.findEntry(db, sharerId);
      if (existing) return currentState(existing);
      if (await repo.findActiveListening(db, sharerId, clock.now())) throw errors.alreadyInChat();
      await waiting.joinList(db, {
        sharerId,
        topic: body?.topic ?? null,
        joinedAt: clock.now(),
      });
      await dispatch();
      const entry = await waiting.findEntry(db, sharerId);
      if (!entry) throw errors.alreadyInChat();
      return currentState(entry);
    },

    /** GET /match/waiting-list. */
    async status(sharerId: string): Promise<TalkNowResponse> {
      const entry = await waiting.findEntry(db, sharerId);
      if (!entry) throw errors.notWaiting();
      return currentState(entry);
    },

    /** DELETE /match/waiting-list: off the list; a listener being asked is released. */
    async leave(sharerId: string) {
      const entry = await waiting.leaveList(db, sharerId);
      if (!entry) throw errors.notWaiting();
      if (entry.sessionId) await deps.sessions.declineRequest(entry.sessionId, sharerId);
      tell(sharerId, { status: 'left', reason: 'left' });
      await announcePositions();
    },

    /** The asked listener opened the chat: the sharer is connected. */
    async accepted(sessionId: string, userId: string) {
      const entry = await waiting.findEntryAsking(db, sessionId);
      if (!entry || entry.sharerId === userId) return;
      if (await waiting.removeAsking(db, sessionId)) {
        tell(entry.sharerId, { status: 'connected', session_id: sessionId });
      }
    },

    /**
     * A chat closed. A request nobody accepted puts its sharer back in line, that listener passed
     * over (unless the sharer ended it themselves); either way a listener may now be free.
     */
    async chatEnded(e: { conversationId: string; endedBy: string | null; memberIds: string[] }) {
      const entry = await waiting.findEntryAsking(db, e.conversationId);
      const listenerId = entry && e.memberIds.find((id) => id !== entry.sharerId);
      if (entry && listenerId && e.endedBy !== entry.sharerId) {
        await waiting.backInLine(db, e.conversationId, listenerId);
      } else if (entry) {
        await waiting.leaveList(db, entry.sharerId);
      }
      await dispatch();
      if (entry) await announcePositions();
    },

    /** The sharer's sockets are gone (away) or back (present again). */
    async sharerPresence(sharerId: string, online: boolean) {
      await waiting.setAway(db, sharerId, online ? null : clock.now());
      if (online) await dispatch();
    },

    /** Periodic: sharers away too long leave the line. */
    async releaseAway() {
      if (deps.awayMs <= 0) return 0;
      const gone = await waiting.removeAway(db, new Date(clock.now().getTime() - deps.awayMs));
      for (const { sharerId } of gone) tell(sharerId, { status: 'left', reason: 'away' });
      if (gone.length > 0) await announcePositions();
      return gone.length;
    },
  };
}
export type TalkNowService = ReturnType<typeof createTalkNowService>;
