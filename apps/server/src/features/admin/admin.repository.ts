import { and, count, eq, gte, ilike, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import {
  adminLogs,
  availabilitySamples,
  conversations,
  feedback,
  moderationEvents,
  reports,
  sessionLog,
  userNotices,
  users,
} from '../../db/schema';
import { findRow, insertRow, newestFirstPage, type Page, updateRow } from '../../lib/rows';

const countIf = (condition: SQL) =>
  sql<number>`count(*) filter (where ${condition})`.mapWith(Number);

/** Every figure of the dashboard's first screen, each from one small query. */
export async function loadStats(db: Executor, now: Date, dayStart: Date) {
  const [people] = await db
    .select({
      total: count(),
      sharers: countIf(sql`'sharer' = any(${users.roles})`),
      listeners: countIf(sql`'listener' = any(${users.roles})`),
      available: countIf(sql`${users.listenerAvailability} = 'available' and ${users.isActive}`),
      pendingApplications: countIf(sql`${users.listenerStatus} = 'pending'`),
    })
    .from(users);
  const [chats] = await db
    .select({
      active: countIf(
        sql`${conversations.kind} = 'listening' and ${conversations.status} = 'active'
          and (${conversations.expiresAt} is null or ${conversations.expiresAt} > ${now.toISOString()})`,
      ),
      openSupport: countIf(
        sql`${conversations.kind} = 'support' and ${conversations.supportStatus} <> 'resolved'`,
      ),
    })
    .from(conversations);
  const [log] = await db
    .select({
      total: count(),
      today: countIf(sql`${sessionLog.startedAt} >= ${dayStart.toISOString()}`),
    })
    .from(sessionLog);
  const [pendingReports] = await db
    .select({ n: count() })
    .from(reports)
    .where(eq(reports.status, 'pending'));
  const [rating] = await db
    .select({ average: sql<number | null>`avg(${feedback.rating})::float8` })
    .from(feedback);
  const [flagged] = await db
    .select({ n: count() })
    .from(moderationEvents)
    .where(
      and(
        eq(moderationEvents.status, 'flagged'),
        ne(moderationEvents.rule, 'self_harm'),
        isNull(moderationEvents.reviewedAt),
      ),
    );
  return {
    people: people!,
    chats: chats!,
    log: log!,
    pendingReports: pendingReports!.n,
    averageRating:
      rating?.average === null || rating?.average === undefined ? null : Number(rating.average),
    flaggedPending: flagged!.n,
  };
}

/** Listening chats started per UTC day since `since` (days without chats are absent). */
export async function chatsPerDay(db: Executor, since: Date) {
  const day = sql<string>`to_char(${sessionLog.startedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  return db
    .select({ date: day, count: count() })
    .from(sessionLog)
    .where(gte(sessionLog.startedAt, since))
    .groupBy(day);
}

export async function ratingCounts(db: Executor) {
  return db
    .select({ rating: feedback.rating, count: count() })
    .from(feedback)
    .groupBy(feedback.rating);
}

export async function reportCounts(db: Executor) {
  return db
    .select({ reason: reports.reason, status: reports.status, count: count() })
    .from(reports)
    .groupBy(reports.reason, reports.status)
    .orderBy(reports.reason, reports.status);
}

/** Average available listeners per UTC hour of day, over the samples since `since`. */
export async function availabilityByHour(db: Executor, since: Date) {
  const hour = sql<number>`extract(hour from ${availabilitySamples.sampledAt} at time zone 'UTC')::int`;
  return db
    .select({
      hour: hour.mapWith(Number),
      average: sql<number>`avg(${availabilitySamples.available})::float8`.mapWith(Number),
    })
    .from(availabilitySamples)
    .where(gte(availabilitySamples.sampledAt, since))
    .groupBy(hour);
}

/** `%text%` for ILIKE, with the user's own % and _ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export interface UserFilter {
  role?: 'sharer' | 'listener';
  isActive?: boolean;
  search?: string;
}

/** One page of users, newest first, with their open reports; and how many match in all. */
export function listUsers(db: Executor, filter: UserFilter, page: Page) {
  const where = and(
    filter.role ? sql`${filter.role} = any(${users.roles})` : undefined,
    filter.isActive === undefined ? undefined : eq(users.isActive, filter.isActive),
    filter.search
      ? or(
          ilike(users.pseudonym, containing(filter.search)),
          ilike(users.email, containing(filter.search)),
        )
      : undefined,
  );
  const query = db
    .select({
      user: users,
      // Qualified names: inside the subquery a bare "id" would be the report's own id.
      openReports: sql<number>`(select count(*) from ${reports} as r
        where r.reported_user_id = ${users}.id
          and r.status in ('pending', 'under_review'))`.mapWith(Number),
    })
    .from(users)
    .$dynamic();
  return newestFirstPage(db, users, query, where, page);
}

/** Bans or unbans in the caller's transaction; a ban also revokes access tokens issued so far. */
export function setUserActive(db: Executor, userId: string, isActive: boolean, at: Date) {
  return updateRow(
    db,
    users,
    isActive
      ? { isActive: true, updatedAt: at }
      : {
          isActive: false,
          tokensRevokedAt: at,
          listenerAvailability: 'unavailable',
          updatedAt: at,
        },
    eq(users.id, userId),
  );
}

const reporter = alias(users, 'reporter');
const reported = alias(users, 'reported');
const reviewer = alias(users, 'reviewer');

/** One page of reports, newest first, with the pseudonyms of everyone involved. */
export function listReports(
  db: Executor,
  filter: { status?: (typeof reports.$inferSelect)['status']; reportedUserId?: string },
  page: Page,
) {
  const where = and(
    filter.status ? eq(reports.status, filter.status) : undefined,
    filter.reportedUserId ? eq(reports.reportedUserId, filter.reportedUserId) : undefined,
  );
  const query = db
    .select({
      report: reports,
      reporterPseudonym: reporter.pseudonym,
      reportedPseudonym: reported.pseudonym,
      reviewerPseudonym: reviewer.pseudonym,
    })
    .from(reports)
    .innerJoin(reported, eq(reported.id, reports.reportedUserId))
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .leftJoin(reviewer, eq(reviewer.id, reports.reviewedBy))
    .$dynamic();
  return newestFirstPage(db, reports, query, where, page);
}

export function findReport(db: Executor, id: string) {
  return findRow(db, reports, eq(reports.id, id));
}

/** Records an admin's decision on a report. */
export function reviewReport(
  db: Executor,
  id: string,
  values: {
    status: (typeof reports.$inferSelect)['status'];
    resolution?: string | null;
    reviewedBy: string;
    reviewedAt: Date;
  },
) {
  const { resolution, ...review } = values;
  return updateRow(
    db,
    reports,
    { ...review, ...(resolution !== undefined ? { resolution } : {}) },
    eq(reports.id, id),
  );
}

/** Records an admin's decision on a flagged message. */
export function reviewModerationEvent(
  db: Executor,
  id: string,
  values: {
    resolution: 'dismissed' | 'removed' | 'warned' | 'banned';
    reviewedBy: string;
    reviewedAt: Date;
  },
) {
  return updateRow(db, moderationEvents, values, eq(moderationEvents.id, id));
}

export interface LogFilter {
  action?: string;
  adminId?: string;
  targetId?: string;
}

/** One page of the audit log, newest first. */
export function listLogs(db: Executor, filter: LogFilter, page: Page) {
  const admin = alias(users, 'admin');
  const where = and(
    filter.action ? eq(adminLogs.action, filter.action) : undefined,
    filter.adminId ? eq(adminLogs.adminId, filter.adminId) : undefined,
    filter.targetId ? eq(adminLogs.targetId, filter.targetId) : undefined,
  );
  const query = db
    .select({ log: adminLogs, adminPseudonym: admin.pseudonym })
    .from(adminLogs)
    .leftJoin(admin, eq(admin.id, adminLogs.adminId))
    .$dynamic();
  return newestFirstPage(db, adminLogs, query, where, page);
}

export const insertNotice = (db: Executor, values: typeof userNotices.$inferInsert) =>
  insertRow(db, userNotices, values);

/** The user's notices not yet acknowledged, oldest first. */
export async function listOpenNotices(db: Executor, userId: string) {
  return db
    .select()
    .from(userNotices)
    .where(and(eq(userNotices.userId, userId), isNull(userNotices.acknowledgedAt)))
    .orderBy(userNotices.createdAt);
}

/** Acknowledges one of the user's own notices; undefined when it is not theirs (or unknown). */
export async function acknowledgeNotice(db: Executor, userId: string, id: string, at: Date) {
  const [row] = await db
    .update(userNotices)
    .set({
      acknowledgedAt: sql`coalesce(${userNotices.acknowledgedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(and(eq(userNotices.id, id), eq(userNotices.userId, userId)))
    .returning({ id: userNotices.id });
  return row;
}
