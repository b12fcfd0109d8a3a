import type {
  AdminCharts,
  adminLogsQuerySchema,
  AdminReport,
  adminReportsQuerySchema,
  AdminStats,
  AdminUser,
  adminUsersQuerySchema,
  BanBody,
  UpdateReportBody,
} from '@kindred/protocol';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/client';
import type { AdminLogRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { LISTENER_WATCHERS_ROOM, type Notifier } from '../../realtime/notifier';
import type { Revocations } from '../identity';
import { revokeAllForUser } from '../identity';
import { findUserById } from '../identity';
import type { EventBus } from '../../lib/events';
import {
  appointmentHistoryOf,
  appointmentsPerDay,
  countUpcomingAppointments,
} from '../appointments';
import * as repo from './admin.repository';
import { iso, pages, paging, ref } from './present';

const DAY_MS = 24 * 3600 * 1000;
const CHART_DAYS = 30;
const AVAILABILITY_DAYS = 7;

const utcMidnight = (date: Date) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

/**
 * The listening contract's admin endpoints and the audit log. Every change an admin makes is
 * written to admin_logs in the same transaction as the change itself.
 */
export function createAdminService(deps: {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  events: EventBus;
  revocations: Pick<Revocations, 'publish'>;
  /** Disconnects every socket of the user, on every node. */
  disconnectUser: (userId: string) => void;
  eraseUser: (userId: string, within?: (tx: Executor) => Promise<void>) => Promise<unknown>;
}) {
  const { db, clock, notifier } = deps;

  /**
   * A ban: the account is closed, every token it holds stops working on every node, its
   * listening chats end (the partner is told), and its open sockets are told and closed.
   */
  async function ban(adminId: string, userId: string, reason: string, source?: object) {
    if (userId === adminId) throw errors.cannotBanSelf();
    const before = await findUserById(db, userId);
    if (!before) throw errors.notFound('User');
    const now = clock.now();
    await deps.events.transaction(db, async (tx) => {
      await repo.setUserActive(tx, userId, false, now);
      await revokeAllForUser(tx, userId, now);
      await deps.events.publish(tx, 'admin.action', {
        adminId,
        action: 'ban_user',
        targetType: 'user',
        targetId: userId,
        details: { reason, ...(source ? { source } : {}) },
      });
      // The listening module ends the user's chats after commit (the partners are told).
      await deps.events.publish(tx, 'user.banned', { userId, adminId, reason });
    });
    await deps.revocations.publish({ userId, revokedAt: now, banned: true });
    if (before.listenerAvailability === 'available') {
      notifier.toRoom(LISTENER_WATCHERS_ROOM, 'listener_status_update', {
        listener_id: userId,
        availability: 'unavailable',
      });
    }
    notifier.toUsers([userId], 'account_banned', {
      message: 'This account has been suspended; contact support',
    });
    deps.disconnectUser(userId);
  }

  async function unban(adminId: string, userId: string, reason: string | undefined) {
    const now = clock.now();
    const row = await deps.events.transaction(db, async (tx) => {
      const updated = await repo.setUserActive(tx, userId, true, now);
      if (!updated) return undefined;
      await deps.events.publish(tx, 'admin.action', {
        adminId,
        action: 'unban_user',
        targetType: 'user',
        targetId: userId,
        details: reason ? { reason } : {},
      });
      await deps.events.publish(tx, 'user.unbanned', { userId, adminId });
      return updated;
    });
    if (!row) throw errors.notFound('User');
    // Tokens from before the ban stay refused; the refusal now just says they are invalid.
    if (row.tokensRevokedAt) {
      await deps.revocations.publish({ userId, revokedAt: row.tokensRevokedAt, banned: false });
    }
  }

  return {
    ban,

    async stats(): Promise<AdminStats> {
      const now = clock.now();
      const s = await repo.loadStats(db, now, utcMidnight(now));
      return {
        total_users: s.people.total,
        total_sharers: s.people.sharers,
        total_listeners: s.people.listeners,
        active_chats: s.chats.active,
        available_listeners: s.people.available,
        total_chats_today: s.log.today,
        total_chats_all_time: s.log.total,
        pending_reports: s.pendingReports,
        average_rating: s.averageRating === null ? null : Math.round(s.averageRating * 10) / 10,
        flagged_messages_pending: s.flaggedPending,
        pending_listener_applications: s.people.pendingApplications,
        open_support_tickets: s.chats.openSupport,
        upcoming_appointments: await countUpcomingAppointments(db, now),
      };
    },

    async charts(): Promise<AdminCharts> {
      const now = clock.now();
      const first = new Date(utcMidnight(now).getTime() - (CHART_DAYS - 1) * DAY_MS);
      const perDay = new Map(
        (await repo.chatsPerDay(db, first)).map((row) => [row.date, row.count]),
      );
      const chatsPerDay = Array.from({ length: CHART_DAYS }, (_, i) => {
        const date = new Date(first.getTime() + i * DAY_MS).toISOString().slice(0, 10);
        return { date, count: perDay.get(date) ?? 0 };
      });
      const booked = new Map(
        (await appointmentsPerDay(db, first)).map((row) => [row.date, row.count]),
      );
      const ratings = new Map((await repo.ratingCounts(db)).map((r) => [r.rating, r.count]));
      const byHour = new Map(
        (
          await repo.availabilityByHour(db, new Date(now.getTime() - AVAILABILITY_DAYS * DAY_MS))
        ).map((r) => [r.hour, r.average]),
      );
      return {
        chats_per_day: chatsPerDay,
        rating_distribution: [1, 2, 3, 4, 5].map((rating) => ({
          rating,
          count: ratings.get(rating) ?? 0,
        })),
        reports_by_reason: await repo.reportCounts(db),
        listeners_available_by_hour: Array.from({ length: 24 }, (_, hour) => ({
          hour,
          average: Math.round((byHour.get(hour) ?? 0) * 100) / 100,
        })),
        appointments_per_day: chatsPerDay.map(({ date }) => ({
          date,
          count: booked.get(date) ?? 0,
        })),
      };
    },

    async listUsers(query: z.output<typeof adminUsersQuerySchema>) {
      const { rows, total } = await repo.listUsers(
        db,
        { role: query.role, isActive: query.is_active, search: query.search || undefined },
        paging(query),
      );
      const users: AdminUser[] = rows.map(({ user, openReports }) => ({
        id: user.id,
        email: user.email,
        pseudonym: user.pseudonym,
        roles: user.roles,
        is_active: user.isActive,
        is_admin: user.isAdmin,
        listener_rating: user.listenerRating,
        listener_total_chats: user.listenerTotalChats,
        listener_status: user.listenerStatus,
        open_reports: openReports,
        created_at: user.createdAt.toISOString(),
      }));
      return { users, total, page: query.page, pages: pages(total, query.limit) };
    },

    /**
     * Erases an account as its owner's deletion would (sessions ended everywhere, files and
     * data gone); the audit line is written in the same transaction and keeps the pseudonym.
     */
    async deleteUser(adminId: string, userId: string) {
      if (userId === adminId) {
        const message = 'Delete your own account from your account settings';
        throw errors.validation([{ path: 'userId', message }], message);
      }
      const target = await findUserById(db, userId);
      if (!target) throw errors.notFound('User');
      await deps.eraseUser(userId, async (tx) => {
        await deps.events.publish(tx, 'admin.action', {
          adminId,
          action: 'delete_user',
          targetType: 'user',
          targetId: userId,
          details: { pseudonym: target.pseudonym },
        });
      });
      return { message: 'User deleted successfully', user_id: userId };
    },

    /** The user's booked sessions (either side) with every change, for the user view. */
    async userAppointments(userId: string, limit: number) {
      if (!(await findUserById(db, userId))) throw errors.notFound('User');
      return { appointments: await appointmentHistoryOf(db, userId, limit) };
    },

    async setBan(adminId: string, userId: string, body: BanBody) {
      if (body.is_active) await unban(adminId, userId, body.reason);
      else await ban(adminId, userId, body.reason);
      return {
        message: body.is_active ? 'User unbanned successfully' : 'User banned successfully',
        user_id: userId,
      };
    },

    async listReports(query: z.output<typeof adminReportsQuerySchema>) {
      const { rows, total } = await repo.listReports(
        db,
        { status: query.status, reportedUserId: query.reported_user_id },
        paging(query),
      );
      const reports: AdminReport[] = rows.map((r) => ({
        id: r.report.id,
        reporter: ref(r.report.reporterId, r.reporterPseudonym),
        reported_user: { id: r.report.reportedUserId, pseudonym: r.reportedPseudonym },
        reason: r.report.reason,
        description: r.report.description,
        status: r.report.status,
        created_at: r.report.createdAt.toISOString(),
        session_id: r.report.conversationId,
        message_id: r.report.messageId,
        message_snapshot: r.report.messageSnapshot,
        message_sent_at: iso(r.report.messageSentAt),
        reviewed_at: iso(r.report.reviewedAt),
        reviewed_by: ref(r.report.reviewedBy, r.reviewerPseudonym),
        resolution: r.report.resolution,
      }));
      return { reports, total, page: query.page, pages: pages(total, query.limit) };
    },

    async updateReport(adminId: string, reportId: string, body: UpdateReportBody) {
      const updated = await deps.events.transaction(db, async (tx) => {
        const before = await repo.findReport(tx, reportId);
        if (!before) return undefined;
        const row = await repo.reviewReport(tx, reportId, {
          status: body.status,
          resolution: body.resolution,
          reviewedBy: adminId,
          reviewedAt: clock.now(),
        });
        const decided = body.status === 'resolved' || body.status === 'dismissed';
        await deps.events.publish(tx, 'admin.action', {
          adminId,
          action: decided ? 'resolve_report' : 'update_report',
          targetType: 'report',
          targetId: reportId,
          details: {
            from: before.status,
            status: body.status,
            ...(body.resolution ? { resolution: body.resolution } : {}),
          },
        });
        return row;
      });
      if (!updated) throw errors.notFound('Report');
      return { message: 'Report updated successfully', report_id: reportId };
    },

    async logs(query: z.output<typeof adminLogsQuerySchema>) {
      const { rows, total } = await repo.listLogs(
        db,
        { action: query.action || undefined, adminId: query.admin_id, targetId: query.target_id },
        paging(query),
      );
      return {
        logs: rows.map(({ log, adminPseudonym }) => toLog(log, adminPseudonym)),
        total,
        page: query.page,
        pages: pages(total, query.limit),
      };
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;

function toLog(log: AdminLogRow, adminPseudonym: string | null) {
  return {
    id: log.id,
    admin: ref(log.adminId, adminPseudonym),
    action: log.action,
    target_type: log.targetType,
    target_id: log.targetId,
    details: log.details,
    timestamp: log.createdAt.toISOString(),
  };
}
