import type { Readable } from 'node:stream';
import {
  type CreateResourceBody,
  isResourceFileType,
  type ListResourcesResponse,
  type RecommendedResponse,
  type RecordViewResponse,
  type Resource,
  type ResourceCard,
  type ResourceStatus,
  type ResourcesStatsResponse,
  type ResourceStatsResponse,
  type UpdateResourceBody,
} from '@kindred/protocol';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  createResourceBodySchema,
  listResourcesQuerySchema,
  updateResourceBodySchema,
} from '@kindred/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client';
import { resources } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import { cleanBaseName } from '../../lib/text';
import { findUserById } from '../identity';
import type { ResourceStore } from './files';
import { searchConfigOf } from './language';
import { markdownToText } from './markdown';
import { toResource, toResourceCard, toResourceSummary } from './present';
import { editorsPicks, interestsOf, recommend } from './recommendations';
import * as repo from './resources.repository';
import { allowedStatuses, canDelete, canEditFields, canMove, canSee, type Viewer } from './rules';
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  queryWords,
  toTsquery,
  withoutControlCharacters,
} from './search';
import { dailyStats, dayOf, recordOpen, statsByResource } from './tracking';

export interface ResourcesDeps {
  db: Db;
  clock: Clock;
  store: ResourceStore;
  events: EventBus;
  log: FastifyBaseLogger;
  /** How long a deleted resource's row and file are kept before they go for good. */
  purgeGraceMs: number;
}

type ListQuery = z.output<typeof listResourcesQuerySchema>;
type CreateBody = z.output<typeof createResourceBodySchema>;
type UpdateBody = z.output<typeof updateResourceBodySchema>;
export type { CreateResourceBody, UpdateResourceBody };

/** The configurations published resources use, re-read at most this often per node. */
const CONFIGS_TTL_MS = 30_000;

export function createResourcesService(deps: ResourcesDeps) {
  const { db, clock, store, events } = deps;
  let configs: { list: string[]; at: number } | undefined;

  async function searchConfigs(language?: string): Promise<string[]> {
    if (language) return [searchConfigOf(language)];
    const now = Date.now();
    if (!configs || now - configs.at > CONFIGS_TTL_MS) {
      configs = { list: await repo.configsInUse(db), at: now };
    }
    return configs.list.length > 0 ? configs.list : ['simple'];
  }
  /** A change of what is published may bring a new language: read the list again next time. */
  const forgetConfigs = () => {
    configs = undefined;
  };

  async function viewerOf(userId: string): Promise<Viewer> {
    const user = await findUserById(db, userId);
    if (!user) throw errors.unauthenticated();
    const approvedListener = user.roles.includes('listener') && user.listenerStatus === 'approved';
    return { userId, isAdmin: user.isAdmin, isEditor: user.isAdmin || approvedListener };
  }

  /** The resource if this viewer may see it; everyone else gets the one 404. */
  async function visible(id: string, viewer: Viewer) {
    const row = await repo.findResource(db, id);
    if (!row || !canSee(row, viewer)) throw errors.resourceNotFound();
    return row;
  }

  function present(row: repo.ResourceWithAuthor, viewer: Viewer): Resource {
    const editor = viewer.isAdmin || row.authorId === viewer.userId;
    return toResource(row, {
      canEdit: canEditFields(row, viewer),
      isEditor: editor,
      allowedStatuses: allowedStatuses(row, viewer),
    });
  }

  /** What a resource must have before it goes to review or is published. */
  function assertComplete(row: {
    type: string;
    body: string | null;
    url: string | null;
    fileStorageName: string | null;
  }) {
    if (isResourceFileType(row.type as never) && !row.fileStorageName)
      throw errors.resourceFileMissing();
    if (row.type === 'article' && !row.body?.trim())
      throw errors.validation([{ path: 'body', message: 'An article needs its text' }]);
    if (row.type === 'link' && !row.url)
      throw errors.validation([{ path: 'url', message: 'A link needs its web address' }]);
  }

  async function audit(
    tx: Parameters<EventBus['publish']>[0],
    viewer: Viewer,
    action: string,
    id: string,
    details: Record<string, unknown>,
  ) {
    if (!viewer.isAdmin) return;
    await events.publish(tx, 'admin.action', {
      adminId: viewer.userId,
      action,
      targetType: 'resource',
      targetId: id,
      details,
    });
  }

  async function match(q: string | undefined, language: string | undefined, words?: string[][]) {
    const typed = q ? queryWords(q) : [];
    const tsquery = toTsquery(words ?? typed.map((w) => [w]));
    if (!tsquery) return undefined;
    return { tsquery, configs: await searchConfigs(language) };
  }

  return {
    /** GET /resources: published ones, or an editor's own, or (team) any status; searched. */
    async list(userId: string, query: ListQuery): Promise<ListResourcesResponse> {
      const viewer = await viewerOf(userId);
      let scope: repo.ListFilters['scope'] = { kind: 'published' };
      if (query.mine) {
        scope = { kind: 'author', authorId: userId, status: query.status };
      } else if (query.status && query.status !== 'published') {
        // The team sees every author's; anyone else only their own in that status.
        scope = viewer.isAdmin
          ? { kind: 'status', status: query.status }
          : { kind: 'author', authorId: userId, status: query.status };
      }
      const q = query.q?.trim() || undefined;
      const editorList = scope.kind !== 'published';
      const sort = query.sort ?? (q ? 'relevance' : 'newest');
      const order =
        editorList && sort === 'newest'
          ? scope.kind === 'status' && scope.status === 'in_review'
            ? 'review'
            : 'updated'
          : sort === 'relevance' && !q
            ? 'newest'
            : sort;
      let cursor: Cursor | undefined;
      if (query.cursor) {
        cursor = decodeCursor(query.cursor);
        if (!cursor)
          throw errors.validation([{ path: 'cursor', message: 'This cursor is not valid' }]);
      }
      const filters = { type: query.type, topic: query.topic, language: query.language, scope };
      const run = async (words?: string[][]) => {
        const m = await match(q, query.language, words);
        if (q && !m) return [];
        return repo.listResources(db, { filters, match: m, order, cursor, limit: query.limit });
      };
      let rows = await run();
      let fuzzy = false;
      // Nothing ranked for what was typed: try the closest known spellings of each word.
      if (q && rows.length === 0 && !cursor) {
        const words = queryWords(q);
        const alternatives = await Promise.all(
          words.map(async (w) =>
            w.length < 3 ? [w] : [w, ...(await repo.similarWords(db, w.toLowerCase()))],
          ),
        );
        if (alternatives.some((a) => a.length > 1)) {
          rows = await run(alternatives);
          fuzzy = rows.length > 0;
        }
      }
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      let next: Cursor | undefined;
      if (rows.length > query.limit && last) {
        if (order === 'newest' && last.publishedAt)
          next = { kind: 'newest', at: last.publishedAt.toISOString(), id: last.id };
        else if (order === 'popular')
          next = { kind: 'popular', views: last.viewCount, id: last.id };
        else
          next = {
            kind: 'offset',
            offset: (cursor?.kind === 'offset' ? cursor.offset : 0) + page.length,
          };
      }
      return {
        resources: page.map(toResourceSummary),
        next_cursor: next ? encodeCursor(next) : null,
        fuzzy,
      };
    },

    async get(userId: string, id: string): Promise<Resource> {
      const viewer = await viewerOf(userId);
      return present(await visible(id, viewer), viewer);
    },

    /** POST /resources: a draft by an editor (admins' are the team's). */
    async create(userId: string, body: CreateBody): Promise<Resource> {
      const viewer = await viewerOf(userId);
      if (!viewer.isEditor) throw errors.resourceEditorRequired();
      if (body.featured !== undefined && !viewer.isAdmin)
        throw errors.forbidden('Only the team chooses editors’ picks');
      const text = body.body === undefined ? null : withoutControlCharacters(body.body);
      const row = await repo.insertResource(db, {
        type: body.type,
        title: withoutControlCharacters(body.title),
        summary: withoutControlCharacters(body.summary),
        body: text,
        plainBody: text ? markdownToText(text) : '',
        url: body.url ?? null,
        topics: body.topics,
        language: body.language,
        searchConfig: searchConfigOf(body.language),
        authorId: userId,
        byTeam: viewer.isAdmin,
        featured: body.featured ?? false,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      return present((await repo.findResource(db, row.id))!, viewer);
    },

    /** PUT /resources/:id: fields, and/or a step of the review flow. */
    async update(userId: string, id: string, body: UpdateBody): Promise<Resource> {
      const viewer = await viewerOf(userId);
      const row = await visible(id, viewer);
      const { status, reason, ...fields } = body;
      const changesFields = Object.keys(fields).length > 0;
      if (!viewer.isAdmin && row.authorId !== viewer.userId)
        throw errors.forbidden('Only its author and the team can change a resource');
      if (changesFields && !canEditFields(row, viewer)) {
        throw errors.resourceNotEditable(
          row.status === 'in_review'
            ? 'It is waiting for review; take it back to draft to change it'
            : row.status === 'published'
              ? 'Published resources are changed by the team'
              : undefined,
        );
      }
      if (fields.featured !== undefined && !viewer.isAdmin)
        throw errors.forbidden('Only the team chooses editors’ picks');
      if (fields.url && row.type !== 'link')
        throw errors.validation([{ path: 'url', message: 'Only links have a web address' }]);
      const moving = status !== undefined && status !== row.status;
      if (moving && !canMove(row, status, viewer))
        throw errors.invalidStatusChange(row.status, status);
      if (status === 'rejected' && !moving) throw errors.invalidStatusChange(row.status, status);

      const now = clock.now();
      const set: Partial<typeof resources.$inferInsert> = { updatedAt: now };
      if (fields.title !== undefined) set.title = withoutControlCharacters(fields.title);
      if (fields.summary !== undefined) set.summary = withoutControlCharacters(fields.summary);
      if (fields.body !== undefined) {
        const text = fields.body === null ? null : withoutControlCharacters(fields.body);
        set.body = text;
        set.plainBody = text ? markdownToText(text) : '';
      }
      if (fields.url !== undefined) set.url = fields.url;
      if (fields.topics !== undefined) set.topics = fields.topics;
      if (fields.language !== undefined) {
        set.language = fields.language;
        set.searchConfig = searchConfigOf(fields.language);
      }
      if (fields.featured !== undefined) set.featured = fields.featured;
      if (moving) {
        set.status = status;
        if (status === 'in_review') {
          set.submittedAt = now;
          set.rejectionReason = null;
        }
        if (status === 'published') {
          set.publishedAt = now;
          set.rejectionReason = null;
          set.reviewedBy = userId;
          set.reviewedAt = now;
        }
        if (status === 'rejected') {
          set.rejectionReason = reason!;
          set.reviewedBy = userId;
          set.reviewedAt = now;
        }
        if (status === 'draft') set.publishedAt = null;
        if (status === 'in_review' || status === 'published') {
          assertComplete({
            type: row.type,
            body: set.body !== undefined ? (set.body ?? null) : row.body,
            url: set.url !== undefined ? (set.url ?? null) : row.url,
            fileStorageName: row.fileStorageName,
          });
        }
      } else if (row.type === 'article' && set.body === null) {
        throw errors.validation([{ path: 'body', message: 'An article needs its text' }]);
      }
      const updated = await events.transaction(db, async (tx) => {
        // Only from the status it was read in: two reviewers at once cannot both decide.
        const changed = await repo.updateResource(tx, id, set, eq(resources.status, row.status));
        if (changed && moving) {
          await audit(tx, viewer, `resource_${status}`, id, {
            title: changed.title,
            from: row.status,
            ...(reason ? { reason } : {}),
          });
        }
        return changed;
      });
      if (!updated) throw errors.invalidStatusChange(row.status, status ?? row.status);
      if (moving) forgetConfigs();
      return present({ ...updated, authorPseudonym: row.authorPseudonym }, viewer);
    },

    /** DELETE /resources/:id: hidden at once; its row and file go after the grace period. */
    async remove(userId: string, id: string) {
      const viewer = await viewerOf(userId);
      const row = await visible(id, viewer);
      if (!canDelete(row, viewer)) {
        throw row.authorId === viewer.userId
          ? errors.resourceNotEditable('Published resources are removed by the team')
          : errors.forbidden('Only its author and the team can delete a resource');
      }
      await events.transaction(db, async (tx) => {
        await repo.updateResource(tx, id, { deletedAt: clock.now() });
        await audit(tx, viewer, 'resource_deleted', id, { title: row.title });
      });
      forgetConfigs();
      return { success: true as const, message: 'The resource was deleted' };
    },

    /** POST /resources/:id/file: the audio, video or PDF, streamed to disk and measured. */
    async upload(
      userId: string,
      id: string,
      file: Readable & { truncated?: boolean; filename?: string },
    ) {
      const viewer = await viewerOf(userId);
      const row = await visible(id, viewer);
      if (!canEditFields(row, viewer)) {
        file.resume();
        throw row.authorId === viewer.userId || viewer.isAdmin
          ? errors.resourceNotEditable()
          : errors.forbidden('Only its author and the team can change a resource');
      }
      if (!isResourceFileType(row.type)) {
        file.resume();
        throw errors.resourceHasNoFile();
      }
      const stored = await store.receive(row.type, file);
      try {
        const measured = await store.measure(stored.storageName, stored.mimeType);
        const updated = await repo.updateResource(db, id, {
          fileStorageName: stored.storageName,
          fileMimeType: stored.mimeType,
          fileSizeBytes: stored.sizeBytes,
          fileName: cleanName(file.filename, stored.storageName),
          durationSeconds: measured.durationSeconds,
          pages: measured.pages,
          updatedAt: clock.now(),
        });
        if (!updated) throw errors.resourceNotFound();
        // The file it replaces is not named by anyone any more.
        if (row.fileStorageName) await store.remove(row.fileStorageName);
        return present({ ...updated, authorPseudonym: row.authorPseudonym }, viewer);
      } catch (error) {
        await store.remove(stored.storageName);
        throw error;
      }
    },

    /** The file for GET /resources/:id/download, for whoever may see the resource. */
    async forDownload(userId: string, id: string) {
      const viewer = await viewerOf(userId);
      const row = await visible(id, viewer);
      if (!row.fileStorageName || !row.fileMimeType)
        throw errors.resourceHasNoFile(
          isResourceFileType(row.type)
            ? 'No file has been uploaded for this resource yet'
            : undefined,
        );
      return {
        row,
        /** A download counts once per person and day, and only for published resources. */
        count: async () => {
          if (row.status === 'published')
            await recordOpen(db, { resourceId: id, userId, kind: 'download', at: clock.now() });
        },
      };
    },

    /** A stream of a stored file (or of a byte range of it). */
    openFile: (name: string, range?: { start: number; end: number }) => store.open(name, range),

    /** POST /resources/:id/view. */
    async recordView(userId: string, id: string): Promise<RecordViewResponse> {
      const viewer = await viewerOf(userId);
      const row = await visible(id, viewer);
      // Drafts are read by their editors, not viewed: only published resources count.
      if (row.status !== 'published') return { counted: false, view_count: row.viewCount };
      const result = await recordOpen(db, {
        resourceId: id,
        userId,
        kind: 'view',
        at: clock.now(),
      });
      return { counted: result.counted, view_count: result.viewCount };
    },

    async recommended(userId: string, limit: number): Promise<RecommendedResponse> {
      const interests = await interestsOf(db, userId, clock.now());
      if (interests.topics.length === 0) {
        const rows = await editorsPicks(db, userId, limit);
        return { resources: rows.map(toResourceSummary), basis: 'editors_picks' };
      }
      const rows = await recommend(db, userId, interests, limit);
      return { resources: rows.map(toResourceSummary), basis: 'for_you' };
    },

    /** GET /admin/resources/:id/stats. */
    async stats(id: string, days: number): Promise<ResourceStatsResponse> {
      const row = await repo.findResource(db, id);
      if (!row) throw errors.resourceNotFound();
      const to = clock.now();
      const dates = Array.from({ length: days }, (_, i) =>
        dayOf(new Date(to.getTime() - (days - 1 - i) * 86_400_000)),
      );
      const counts = await dailyStats(db, id, dates[0]!, dates.at(-1)!);
      const perDay = dates.map((date) => ({
        date,
        views: counts.get(date)?.views ?? 0,
        downloads: counts.get(date)?.downloads ?? 0,
      }));
      return {
        resource: { id: row.id, title: row.title, type: row.type, status: row.status },
        from: dates[0]!,
        to: dates.at(-1)!,
        days: perDay,
        total_views: perDay.reduce((n, d) => n + d.views, 0),
        total_downloads: perDay.reduce((n, d) => n + d.downloads, 0),
      };
    },

    /** GET /admin/resources/stats. */
    async statsAll(days: number): Promise<ResourcesStatsResponse> {
      const to = dayOf(clock.now());
      const from = dayOf(new Date(clock.now().getTime() - (days - 1) * 86_400_000));
      const rows = await statsByResource(db, from, to);
      return {
        from,
        to,
        resources: rows.map((r) => ({
          ...r,
          type: r.type as ResourceCard['type'],
          status: r.status as ResourceStatus,
        })),
      };
    },

    /** The shared-resource message kind: only published resources go into a chat. */
    async assertShareable(resourceId: string) {
      const [row] = await repo.findPublished(db, [resourceId]);
      if (!row) throw errors.resourceNotFound();
    },
    async cards(ids: string[]): Promise<Map<string, ResourceCard>> {
      const rows = await repo.findPublished(db, ids);
      return new Map(rows.map((r) => [r.id, toResourceCard(r)]));
    },

    /**
     * Deletes for good what was deleted more than the grace period ago (rows, then files), and
     * files no row names that are over an hour old (an upload cut short, a crash between the
     * two). Returns how many of each went.
     */
    async purge(): Promise<{ resources: number; files: number }> {
      const cutoff = new Date(clock.now().getTime() - deps.purgeGraceMs);
      const gone = await repo.deletedBefore(db, cutoff);
      await repo.deleteRows(
        db,
        gone.map((r) => r.id),
      );
      let files = 0;
      for (const r of gone) {
        if (r.fileStorageName) {
          await store.remove(r.fileStorageName);
          files++;
        }
      }
      const hourAgo = Date.now() - 3600_000;
      const old = (await store.list()).filter((f) => f.modifiedAt.getTime() < hourAgo);
      const named = await repo.fileNamesInUse(
        db,
        old.map((f) => f.name),
      );
      for (const f of old) {
        if (!named.has(f.name)) {
          await store.remove(f.name);
          files++;
        }
      }
      return { resources: gone.length, files };
    },
  };
}
export type ResourcesService = ReturnType<typeof createResourcesService>;

/** The upload's own name, cleaned for Content-Disposition, with the stored file's extension. */
function cleanName(name: string | undefined, storageName: string): string {
  const extension = storageName.split('.').pop()!;
  const base = cleanBaseName(name, 100);
  return `${base || 'resource'}.${extension}`;
}
