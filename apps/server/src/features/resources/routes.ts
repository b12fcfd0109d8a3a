import {
  createResourceBodySchema,
  deleteResourceResponseSchema,
  downloadResourceQuerySchema,
  listResourcesQuerySchema,
  listResourcesResponseSchema,
  recommendedQuerySchema,
  recommendedResponseSchema,
  recordViewResponseSchema,
  resourceFileMaxBytes,
  resourceParamsSchema,
  resourceResponseSchema,
  resourceStatsQuerySchema,
  resourceStatsResponseSchema,
  resourcesStatsResponseSchema,
  updateResourceBodySchema,
} from '@kindred/protocol';
import { z } from 'zod';
import { errorResponses, errorsFor, route, withNotFound } from '../../lib/error-responses';
import { errors } from '../../lib/errors';
import type { RateLimiter } from '../../lib/rate-limit';
import type { RateLimitRule } from '../../config';
import { adminsOnly, signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import { contentDisposition, parseRange, sendFile } from '../attachments';
import type { ResourcesService } from './resources.service';

const fileResponse = z.unknown().describe('The file');
/** Articles may be long: a resource's JSON body may be this large (the app's default is 64 KiB). */
const RESOURCE_BODY_LIMIT = 512 * 1024;
const largestFile = Math.max(...Object.values(resourceFileMaxBytes));

/**
 * Where a `Range` header asks for bytes the file does not have (416); a header we do not parse
 * (several ranges) is answered with the whole file, as HTTP allows.
 */
function unsatisfiable(header: string | undefined, size: number): boolean {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return false;
  const [, from, to] = match;
  if (from === '') return to === '0' || size === 0;
  return Number(from) >= size || (to !== '' && Number(to) < Number(from));
}

interface Options {
  resources: ResourcesService;
  limiter: RateLimiter;
  uploadRule: RateLimitRule;
}

/** The library (seed 001's resources paths), for everyone signed in. */
export const resourcesRoutes = signedIn<Options>(
  async (app, { resources, limiter, uploadRule }) => {
    const tags = ['resources'];

    app.get(
      '/resources',
      route({ tags, querystring: listResourcesQuerySchema }, listResourcesResponseSchema),
      async (request) => resources.list(currentUser(request).userId, request.query),
    );

    app.get(
      '/resources/recommended',
      route({ tags, querystring: recommendedQuerySchema }, recommendedResponseSchema),
      async (request) => resources.recommended(currentUser(request).userId, request.query.limit),
    );

    app.get(
      '/resources/:id',
      route({ tags, params: resourceParamsSchema, errors: [404] }, resourceResponseSchema),
      async (request) => resources.get(currentUser(request).userId, request.params.id),
    );

    app.post(
      '/resources',
      {
        bodyLimit: RESOURCE_BODY_LIMIT,
        schema: {
          tags,
          body: createResourceBodySchema,
          response: { 201: resourceResponseSchema, ...errorsFor(413), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await resources.create(currentUser(request).userId, request.body)),
    );

    app.put(
      '/resources/:id',
      {
        bodyLimit: RESOURCE_BODY_LIMIT,
        schema: {
          tags,
          params: resourceParamsSchema,
          body: updateResourceBodySchema,
          response: { 200: resourceResponseSchema, ...errorsFor(409, 413), ...withNotFound },
        },
      },
      async (request) =>
        resources.update(currentUser(request).userId, request.params.id, request.body),
    );

    app.delete(
      '/resources/:id',
      route(
        { tags, params: resourceParamsSchema, errors: [404, 409] },
        deleteResourceResponseSchema,
      ),
      async (request) => resources.remove(currentUser(request).userId, request.params.id),
    );

    app.post(
      '/resources/:id/file',
      route(
        {
          tags,
          consumes: ['multipart/form-data'],
          params: resourceParamsSchema,
          errors: [404, 409, 413, 415],
        },
        resourceResponseSchema,
      ),
      async (request) => {
        const userId = currentUser(request).userId;
        const rate = await limiter.hit(`uploads:${userId}`, uploadRule);
        if (!rate.allowed) throw errors.rateLimited(rate.retryAfterSeconds);
        // The cap of the resource's type is applied while the file streams (files.ts); this is
        // only the outer bound of what the parser reads.
        const part = await request.file({ limits: { fileSize: largestFile, files: 1 } });
        if (!part || part.fieldname !== 'file') {
          part?.file.resume();
          throw errors.validation([{ path: 'file', message: 'Attach a file' }], 'Attach a file');
        }
        return resources.upload(
          userId,
          request.params.id,
          Object.assign(part.file, {
            filename: part.filename,
          }),
        );
      },
    );

    app.get(
      '/resources/:id/download',
      {
        schema: {
          tags,
          params: resourceParamsSchema,
          querystring: downloadResourceQuerySchema,
          // The file itself (its sniffed type); 206 for a byte range, 416 outside the file.
          response: { 200: fileResponse, 206: fileResponse, ...errorsFor(416), ...withNotFound },
        },
      },
      async (request, reply) => {
        const { row, count } = await resources.forDownload(
          currentUser(request).userId,
          request.params.id,
        );
        const size = row.fileSizeBytes ?? 0;
        const header = request.headers.range;
        if (unsatisfiable(header, size)) throw errors.rangeNotSatisfiable(size);
        const range = parseRange(header, size);
        const found = await resources.openFile(row.fileStorageName!, range);
        if (!found) throw errors.resourceNotFound();
        // A player's first request counts as a download; its seeks (later ranges) do not.
        if (!range || range.start === 0) await count();
        const asDownload = ['1', 'true'].includes(request.query.download ?? '');
        return sendFile(reply, found, range, {
          type: row.fileMimeType!,
          disposition: contentDisposition(
            asDownload ? 'file' : 'image',
            row.fileName ?? 'resource',
          ),
        });
      },
    );

    app.post(
      '/resources/:id/view',
      route({ tags, params: resourceParamsSchema, errors: [404] }, recordViewResponseSchema),
      async (request) => resources.recordView(currentUser(request).userId, request.params.id),
    );
  },
);

/** The team's view of how the library is used: views and downloads over time. */
export const resourceAdminRoutes = adminsOnly<{ resources: ResourcesService }>(
  async (app, { resources }) => {
    const tags = ['admin', 'resources'];
    app.get(
      '/admin/resources/stats',
      route({ tags, querystring: resourceStatsQuerySchema }, resourcesStatsResponseSchema),
      async (request) => resources.statsAll(request.query.days),
    );
    app.get(
      '/admin/resources/:id/stats',
      route(
        {
          tags,
          params: resourceParamsSchema,
          querystring: resourceStatsQuerySchema,
          errors: [404],
        },
        resourceStatsResponseSchema,
      ),
      async (request) => resources.stats(request.params.id, request.query.days),
    );
  },
);
