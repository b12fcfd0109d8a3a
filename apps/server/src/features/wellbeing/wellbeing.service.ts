import type {
  Debrief,
  WellbeingCheckInBody,
  WellbeingItem,
  WellbeingList,
  WellbeingQuery,
} from '@kindred/protocol';
import type { Db, Executor } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { cursorPage } from '../../lib/cursor-pages';
import { errors } from '../../lib/errors';
import type { DomainEvents, EventBus } from '../../lib/events';
import type { Notifier } from '../../realtime/notifier';
import * as repo from './wellbeing.repository';

/** What the wellbeing module needs of the conversation core: its one membership check. */
export interface MembershipCheck {
  requireMember(
    conversationId: string,
    userId: string,
  ): Promise<{
    conversation: { kind: string; status: string };
    members: { userId: string; role: string }[];
  }>;
}

const SEVERITY = { urgent: 3, high: 2 } as const;

function encodeCursor(row: repo.ItemRow): string {
  const raw = `${row.severity}|${row.createdAt.toISOString()}|${row.id}`;
  return Buffer.from(raw).toString('base64url');
}

function decodeCursor(cursor: string): repo.Cursor {
  const [severity, at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (
    !/^\d+$/.test(severity ?? '') ||
    Number.isNaN(createdAt.getTime()) ||
    !/^[0-9a-f-]{36}$/.test(id ?? '')
  ) {
    throw errors.validation([
      { path: 'cursor', message: 'cursor must be a next_cursor from the previous page' },
    ]);
  }
  return { severity: Number(severity), createdAt, id: id! };
}

function present(
  row: repo.ItemRow,
  pseudonym: string | null,
  actions: repo.ActionRow[],
): WellbeingItem {
  return {
    id: row.id,
    severity: row.severity,
    category: row.category,
    rule: row.rule,
    source: row.source,
    session_id: row.conversationId,
    message_id: row.messageId,
    user_id: row.userId,
    user_pseudonym: pseudonym,
    raised_by: row.raisedBy,
    flagged_text: row.flaggedText,
    state: row.state,
    acknowledged_by: row.acknowledgedBy,
    acknowledged_at: row.acknowledgedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    actions: actions
      .filter((a) => a.itemId === row.id)
      .map((a) => ({
        kind: a.kind,
        body: a.body,
        admin_id: a.adminId,
        created_at: a.createdAt.toISOString(),
      })),
  };
}

/**
 * The wellbeing queue: crisis wording and escalations for supportive follow-up by the team
 * (docs/SAFETY.md). Every team action is in the audit log.
 */
export function createWellbeingService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  notifier: Notifier;
  conversations: MembershipCheck;
}) {
  const { db, clock, events, notifier } = deps;

  async function load(db: Executor, id: string): Promise<WellbeingItem> {
    const row = await repo.findItem(db, id);
    if (!row) throw errors.notFound('Wellbeing item');
    return present(row, await repo.pseudonymOf(db, row.userId), await repo.actionsOf(db, [id]));
  }

  /** The item a listener's debrief of this chat belongs to; refused unless one is offered. */
  async function debriefItem(userId: string, sessionId: string) {
    const loaded = await deps.conversations.requireMember(sessionId, userId);
    const me = loaded.members.find((m) => m.userId === userId);
    if (me?.role !== 'listener') {
      throw errors.forbidden('Only the listener of this chat can write a debrief note');
    }
    const item = await repo.latestItemOf(db, sessionId);
    if (loaded.conversation.status === 'active' || !item) throw errors.debriefNotOffered();
    return item;
  }

  /** Tells every team member's devices of an item. */
  async function alert(id: string) {
    const item = await load(db, id);
    notifier.toUsers(await repo.teamIds(db), 'safety_alert', item);
  }

  /** A team member's note on an item. */
  async function addNote(tx: Executor, adminId: string, itemId: string, text: string) {
    await repo.insertAction(tx, {
      itemId,
      adminId,
      kind: 'note',
      body: text,
      createdAt: clock.now(),
    });
  }

  /** One team action: the change and its audit line commit together; returns the item after. */
  async function act(
    adminId: string,
    id: string,
    action: string,
    details: Record<string, unknown>,
    change: (tx: Executor, row: repo.ItemRow) => Promise<void>,
  ) {
    await events.transaction(db, async (tx) => {
      const row = await repo.findItem(tx, id);
      if (!row) throw errors.notFound('Wellbeing item');
      await change(tx, row);
      await events.publish(tx, 'admin.action', {
        adminId,
        action,
        targetType: 'wellbeing_item',
        targetId: id,
        details,
      });
    });
    return { item: await load(db, id) };
  }

  return {
    /** A flagged self-harm message becomes an item, in the message's own transaction. */
    async recordFlag(tx: Executor, e: DomainEvents['message.stored']) {
      if (e.flag?.category !== 'self_harm') return;
      await repo.insertItem(tx, {
        conversationId: e.conversationId,
        messageId: e.messageId,
        userId: e.senderId,
        source: 'flag',
        severity: SEVERITY.high,
        category: e.flag.category,
        rule: e.flag.rule,
        flaggedText: e.flag.text,
        createdAt: clock.now(),
      });
    },

    async alertFlag(e: DomainEvents['message.stored']) {
      if (e.flag?.category !== 'self_harm') return;
      const row = await repo.findItemOfMessage(db, e.messageId);
      if (row) await alert(row.id);
    },

    /**
     * Risky wording in a chat: its listener (never the sharer) is told at once, privately, so
     * they can be shown how to respond — whether the words were the sharer's or their own.
     */
    async guide(e: DomainEvents['message.stored']) {
      if (e.flag?.category !== 'self_harm') return;
      const { members } = await deps.conversations.requireMember(e.conversationId, e.senderId);
      const listeners = members.filter((m) => m.role === 'listener').map((m) => m.userId);
      if (listeners.length === 0) return;
      const from = listeners.includes(e.senderId) ? 'listener' : 'sharer';
      notifier.toUsers(listeners, 'safety_guidance', {
        session_id: e.conversationId,
        message_id: e.messageId,
        category: e.flag.category,
        from,
      });
    },

    /**
     * The listener's private note after a chat that raised a concern: kept on the chat's newest
     * wellbeing item (the team sees it there), readable by its writer; writing again replaces it.
     */
    async writeDebrief(userId: string, sessionId: string, text: string): Promise<Debrief> {
      const item = await debriefItem(userId, sessionId);
      const now = clock.now();
      const existing = await repo.findDebrief(db, item.id, userId);
      if (existing) await repo.updateAction(db, existing.id, { body: text, createdAt: now });
      else {
        await repo.insertAction(db, {
          itemId: item.id,
          adminId: userId,
          kind: 'debrief',
          body: text,
          createdAt: now,
        });
      }
      return { text, created_at: now.toISOString() };
    },

    async readDebrief(userId: string, sessionId: string): Promise<Debrief | null> {
      const item = await debriefItem(userId, sessionId);
      const row = await repo.findDebrief(db, item.id, userId);
      return row ? { text: row.body, created_at: row.createdAt.toISOString() } : null;
    },

    async escalate(userId: string, sessionId: string, note: string | undefined) {
      const loaded = await deps.conversations.requireMember(sessionId, userId);
      // Only listening chats have a sharer and a listener; any other chat is answered as unknown.
      if (loaded.conversation.kind !== 'listening') throw errors.conversationNotFound();
      const existing = await repo.findOpenEscalation(db, sessionId, userId);
      if (existing)
        return { message: 'The team already knows and will look in', item_id: existing.id };
      const sharer = loaded.members.find((m) => m.role === 'sharer');
      const row = await repo.insertItem(db, {
        conversationId: sessionId,
        userId: sharer?.userId ?? userId,
        raisedBy: userId,
        source: 'escalation',
        severity: SEVERITY.urgent,
        category: 'escalation',
        flaggedText: note ?? (await repo.latestFlaggedText(db, sessionId)),
        createdAt: clock.now(),
      });
      await alert(row.id);
      return { message: 'The team has been alerted and will look in', item_id: row.id };
    },

    async list(query: WellbeingQuery): Promise<WellbeingList> {
      const state = query.state ?? 'active';
      const limit = Number(query.limit ?? 20);
      const states: repo.State[] = state === 'active' ? ['open', 'acknowledged'] : [state];
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await repo.listItems(db, states, limit, after);
      const { page, nextCursor } = cursorPage(rows, limit, (last) => encodeCursor(last.item));
      const actions = await repo.actionsOf(
        db,
        page.map((r) => r.item.id),
      );
      return {
        items: page.map((r) => present(r.item, r.pseudonym, actions)),
        next_cursor: nextCursor,
      };
    },

    acknowledge(adminId: string, id: string) {
      return act(adminId, id, 'wellbeing_acknowledge', {}, async (tx, row) => {
        if (row.state === 'closed') throw errors.wellbeingItemClosed();
        // The first acknowledgement is the one kept: who picked it up, and when.
        if (row.state === 'acknowledged') return;
        await repo.updateItem(tx, id, {
          state: 'acknowledged',
          acknowledgedBy: adminId,
          acknowledgedAt: clock.now(),
        });
      });
    },

    async checkIn(adminId: string, id: string, body: WellbeingCheckInBody) {
      const kind = body.resource_url ? 'resource' : 'check_in';
      let to: { userId: string; sessionId: string | null } | undefined;
      const result = await act(
        adminId,
        id,
        `wellbeing_${kind}`,
        { text: body.text },
        async (tx, row) => {
          if (!row.userId) throw errors.notFound('Person');
          to = { userId: row.userId, sessionId: row.conversationId };
          const text = body.resource_url ? `${body.text}\n${body.resource_url}` : body.text;
          await repo.insertAction(tx, {
            itemId: id,
            adminId,
            kind,
            body: text,
            createdAt: clock.now(),
          });
          if (row.state === 'open') {
            await repo.updateItem(tx, id, {
              state: 'acknowledged',
              acknowledgedBy: adminId,
              acknowledgedAt: clock.now(),
            });
          }
        },
      );
      notifier.toUsers([to!.userId], 'wellbeing_check_in', {
        item_id: id,
        session_id: to!.sessionId,
        text: body.text,
        resource_url: body.resource_url ?? null,
        sent_at: clock.now().toISOString(),
      });
      return result;
    },

    note(adminId: string, id: string, text: string) {
      return act(adminId, id, 'wellbeing_note', { text }, (tx) => addNote(tx, adminId, id, text));
    },

    close(adminId: string, id: string, text: string | undefined) {
      return act(adminId, id, 'wellbeing_close', text ? { text } : {}, async (tx, row) => {
        if (row.state === 'closed') throw errors.wellbeingItemClosed();
        if (text) await addNote(tx, adminId, id, text);
        await repo.updateItem(tx, id, { state: 'closed', closedAt: clock.now() });
      });
    },

    /** A listener's pause after a heavy chat: unavailable until it ends, then available again. */
    async pause(userId: string, minutes: number) {
      const roles = await repo.rolesOf(db, userId);
      if (!roles.includes('listener')) throw errors.forbidden('Only listeners can pause');
      const until = new Date(clock.now().getTime() + minutes * 60_000);
      await repo.pauseListener(db, userId, until);
      return { paused_until: until.toISOString() };
    },

    endPauses: () => repo.endPauses(db, clock.now()),
  };
}
export type WellbeingService = ReturnType<typeof createWellbeingService>;
