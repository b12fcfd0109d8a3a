import type { FastifyBaseLogger } from 'fastify';
import type { Db, Executor } from '../db/client';
import type { adminLogs } from '../db/schema';

/** One line of the audit log: which admin did what to what. */
export type AdminAction = Omit<typeof adminLogs.$inferInsert, 'id' | 'createdAt'>;

/**
 * Every piece of news one module may want from another. A module publishes inside the
 * transaction that made the change (or, after a change made in one statement, on the database
 * itself); subscribers hear of it only once the change is committed.
 */
export interface DomainEvents {
  /** A message was stored by the pipeline (not a retry that found it stored). */
  'message.stored': {
    conversationId: string;
    conversationKind: string;
    messageId: string;
    senderId: string;
    seq: number;
    memberIds: string[];
    /** Members who already saw its text elsewhere (the request it was accepted from). */
    seenBy: string[];
    flagged: boolean;
    /** Why it was flagged (the classifier's category and rule) and its text; null if not. */
    flag: { category: string; rule: string; text: string } | null;
    /** The uploaded file it carries, if any. */
    attachmentId: string | null;
  };
  /** A message was deleted by its sender or removed by moderation (its content is gone). */
  'message.deleted': {
    conversationId: string;
    messageId: string;
    attachmentId: string | null;
    by: 'sender' | 'moderation';
  };
  /** The expiry sweep deleted conversations and messages past their lifetime. */
  'expiry.swept': {
    conversationIds: string[];
    /** The files the deleted messages carried. */
    attachmentIds: string[];
  };
  /**
   * Someone tried to register with the e-mail of an existing account (the answer did not say
   * so; the owner is told by e-mail instead).
   */
  'account.registration_attempted': { userId: string };
  /**
   * A mail about the account's access is due at `to` (which may differ from the account's
   * address: a change of address is confirmed at the new one). `url` carries a single-use token,
   * so it is mailed at once and never stored.
   */
  'account.mail': {
    userId: string;
    to: string;
    kind: 'password_reset' | 'email_verify' | 'email_change' | 'password_changed' | 'email_changed';
    url: string | null;
  };
  /** An account was erased (its row is gone; what referenced it is deleted or set null). */
  'user.deleted': { userId: string };
  /** A member read a conversation up to `seq` (on any device). */
  'conversation.read': { conversationId: string; userId: string; seq: number };
  'chat.started': {
    conversationId: string;
    sharerId: string;
    listenerId: string;
    startedAt: Date;
  };
  'chat.ended': {
    conversationId: string;
    status: 'ended' | 'abandoned';
    endedBy: string | null;
    memberIds: string[];
  };
  /**
   * A listener is free while this sharer waits in line but has left the page ("notify me"): at
   * most once per wait.
   */
  'waiting.listener_free': { sharerId: string };
  'request.sent': { requestId: string; senderId: string; receiverId: string };
  'request.accepted': {
    requestId: string;
    conversationId: string;
    senderId: string;
    receiverId: string;
  };
  'request.declined': { requestId: string; senderId: string; receiverId: string };
  'user.blocked': { blockerId: string; blockedId: string };
  'user.banned': { userId: string; adminId: string; reason: string | null };
  'user.unbanned': { userId: string; adminId: string };
  'listener.approved': ListenerReview;
  'listener.rejected': ListenerReview;
  'listener.suspended': ListenerReview;
  'listener.reinstated': ListenerReview;
  'support.replied': { conversationId: string; userId: string; adminId: string };
  'support.resolved': { conversationId: string; userId: string; adminId: string };
  'notice.issued': { noticeId: string; userId: string; adminId: string };
  /** A staff action worth an audit line; the admin module writes it in the same transaction. */
  'admin.action': AdminAction;
  /** A sharer booked a session with a listener (in the booking's transaction). */
  'appointment.booked': AppointmentNews;
  /** A session moved to another time (in the change's transaction). */
  'appointment.rescheduled': AppointmentNews & { previousStart: Date };
  /** A session was cancelled by a member, or by Kindred (`actorId` null: a block or a ban). */
  'appointment.cancelled': AppointmentNews & { reason: string | null; late: boolean };
  /** A reminder fell due and was claimed (once, whichever node claimed it). */
  'appointment.reminder-due': AppointmentNews & { minutesBefore: number };
}

/** What every appointment event says: who, when, and the calendar file of the change. */
export interface AppointmentNews {
  appointmentId: string;
  sharerId: string;
  listenerId: string;
  /** Who made the change; null when Kindred did. The others are told. */
  actorId: string | null;
  start: Date;
  end: Date;
  /** The iCalendar file of this version (REQUEST, or CANCEL when cancelled); null for reminders. */
  calendar: string | null;
}
export type EventName = keyof DomainEvents;

/** An admin's decision on a listener, with the reason they gave (rejections, suspensions). */
export interface ListenerReview {
  userId: string;
  adminId: string;
  reason: string | null;
}
export type ListenerDecision =
  'listener.approved' | 'listener.rejected' | 'listener.suspended' | 'listener.reinstated';

type AfterCommit<N extends EventName> = (payload: DomainEvents[N]) => Promise<void> | void;
type InTransaction<N extends EventName> = (tx: Executor, payload: DomainEvents[N]) => Promise<void>;

export interface EventBus {
  /**
   * Announces news. Inside a transaction opened with `transaction()` the in-transaction
   * subscribers run at once on `tx` and the others after commit; on the database itself (no
   * transaction) both run now.
   */
  publish<N extends EventName>(tx: Executor, name: N, payload: DomainEvents[N]): Promise<void>;
  /**
   * Runs after the publisher's transaction commits; a failure is logged, never thrown back.
   * By default the publisher waits for it (its effect is visible when the request answers);
   * `detached` ones run on their own, for work the publisher must not wait for (notifying).
   */
  on<N extends EventName>(name: N, handler: AfterCommit<N>, options?: { detached?: boolean }): void;
  /** Waits for detached subscribers still running (before shutdown). */
  settled(): Promise<void>;
  /**
   * Runs inside the publisher's transaction, for writes that must not be lost with it (the
   * audit log). A failure rolls the publisher back, so keep these to plain inserts.
   */
  within<N extends EventName>(name: N, handler: InTransaction<N>): void;
  /** A transaction whose published events reach after-commit subscribers once it commits. */
  transaction<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T>;
}

type Pending = { name: EventName; payload: unknown }[];

/** The in-process, typed event bus (DESIGN §10). */
export function createEventBus(options: { db: Db; log: FastifyBaseLogger }): EventBus {
  const after = new Map<EventName, { handler: AfterCommit<EventName>; detached: boolean }[]>();
  const running = new Set<Promise<void>>();
  const inside = new Map<EventName, InTransaction<EventName>[]>();
  const open = new WeakMap<object, Pending>();

  async function run(name: EventName, handler: AfterCommit<EventName>, payload: unknown) {
    try {
      await handler(payload as DomainEvents[EventName]);
    } catch (error) {
      options.log.error({ err: error, event: name }, 'event subscriber failed');
    }
  }

  async function dispatch(events: Pending) {
    for (const { name, payload } of events) {
      for (const { handler, detached } of after.get(name) ?? []) {
        if (!detached) {
          await run(name, handler, payload);
          continue;
        }
        const job = run(name, handler, payload);
        running.add(job);
        void job.finally(() => running.delete(job));
      }
    }
  }

  return {
    async publish(tx, name, payload) {
      for (const handler of inside.get(name) ?? []) await handler(tx, payload);
      const pending = open.get(tx);
      if (pending) pending.push({ name, payload });
      else if (tx === options.db) await dispatch([{ name, payload }]);
      // A transaction the bus did not open would let subscribers see uncommitted news.
      else throw new Error(`'${name}' published in a transaction not opened by events.transaction`);
    },
    on(name, handler, subscription = {}) {
      const entry = {
        handler: handler as AfterCommit<EventName>,
        detached: !!subscription.detached,
      };
      after.set(name, [...(after.get(name) ?? []), entry]);
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    within(name, handler) {
      inside.set(name, [...(inside.get(name) ?? []), handler as InTransaction<EventName>]);
    },
    async transaction(db, work) {
      // Nested: the outer transaction owns the events.
      if (open.has(db)) return work(db);
      const pending: Pending = [];
      const result = await db.transaction(async (tx) => {
        open.set(tx, pending);
        return work(tx);
      });
      await dispatch(pending);
      return result;
    },
  };
}
