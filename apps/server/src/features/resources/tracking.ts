import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { resourceDailyStats, resourceOpens, resources } from '../../db/schema';
import { insertIfAbsent } from '../../lib/rows';

/** The UTC day of a moment, as `YYYY-MM-DD`. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Counts a view or a download once per person, resource and day (UTC): the first of the day
 * adds one to the resource's total and to its day in the statistics, in one transaction; the
 * rest change nothing. Returns whether it counted and the resource's new totals.
 */
export async function recordOpen(
  db: Db,
  input: { resourceId: string; userId: string; kind: 'view' | 'download'; at: Date },
): Promise<{ counted: boolean; viewCount: number; downloadCount: number }> {
  const day = dayOf(input.at);
  return db.transaction(async (tx) => {
    const counted = await insertIfAbsent(tx, resourceOpens, {
      resourceId: input.resourceId,
      userId: input.userId,
      day,
      kind: input.kind,
    });
    const view = input.kind === 'view' ? 1 : 0;
    const download = input.kind === 'download' ? 1 : 0;
    if (counted) {
      await tx
        .insert(resourceDailyStats)
        .values({ resourceId: input.resourceId, day, views: view, downloads: download })
        .onConflictDoUpdate({
          target: [resourceDailyStats.resourceId, resourceDailyStats.day],
          set: {
            views: sql`${resourceDailyStats.views} + ${view}`,
            downloads: sql`${resourceDailyStats.downloads} + ${download}`,
          },
        });
    }
    const [row] = await tx
      .update(resources)
      .set({
        viewCount: sql`${resources.viewCount} + ${counted ? view : 0}`,
        downloadCount: sql`${resources.downloadCount} + ${counted ? download : 0}`,
      })
      .where(eq(resources.id, input.resourceId))
      .returning({ viewCount: resources.viewCount, downloadCount: resources.downloadCount });
    return { counted, viewCount: row?.viewCount ?? 0, downloadCount: row?.downloadCount ?? 0 };
  });
}

/** Views and downloads of one resource per day between two days (inclusive); missing days are 0. */
export async function dailyStats(db: Db, resourceId: string, from: string, to: string) {
  const rows = await db
    .select({
      day: resourceDailyStats.day,
      views: resourceDailyStats.views,
      downloads: resourceDailyStats.downloads,
    })
    .from(resourceDailyStats)
    .where(
      and(
        eq(resourceDailyStats.resourceId, resourceId),
        gte(resourceDailyStats.day, from),
        lte(resourceDailyStats.day, to),
      ),
    );
  return new Map(rows.map((r) => [r.day, r]));
}

/** Every live resource's views and downloads between two days, most viewed first. */
export async function statsByResource(db: Db, from: string, to: string) {
  const result = (await db.execute(sql`
    select r.id, r.title, r.type, r.status,
      coalesce(sum(s.views), 0)::int as views, coalesce(sum(s.downloads), 0)::int as downloads
    from ${resources} r
    left join ${resourceDailyStats} s on s.resource_id = r.id and s.day between ${from} and ${to}
    where r.deleted_at is null
    group by r.id
    order by views desc, downloads desc, r.title
    limit 500
  `)) as unknown as {
    rows: {
      id: string;
      title: string;
      type: string;
      status: string;
      views: number;
      downloads: number;
    }[];
  };
  return result.rows.map((r) => ({ ...r, views: Number(r.views), downloads: Number(r.downloads) }));
}
