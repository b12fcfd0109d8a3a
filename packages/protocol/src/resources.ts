// Resources: the library of articles, audio, video, PDFs and links (seed 001's "Resources").
import { z } from 'zod';
import { uuidParams } from './schema-builders';

export const resourceTypes = ['article', 'audio', 'video', 'pdf', 'link'] as const;
export const resourceTypeSchema = z.enum(
  resourceTypes,
  'Choose article, audio, video, pdf or link',
);
export type ResourceType = z.infer<typeof resourceTypeSchema>;

/** Types whose content is an uploaded file (POST /resources/:id/file). */
export const resourceFileTypes = ['audio', 'video', 'pdf'] as const;
export type ResourceFileType = (typeof resourceFileTypes)[number];
export const isResourceFileType = (type: ResourceType): type is ResourceFileType =>
  (resourceFileTypes as readonly string[]).includes(type);

/**
 * A resource's review status. `POST /resources` creates a `draft`; `PUT /resources/:id` moves it:
 * draft → in_review → published or rejected (with a reason); a rejected one can be edited and sent
 * again; an admin may publish a draft directly or take a published one back to draft.
 */
export const resourceStatuses = ['draft', 'in_review', 'published', 'rejected'] as const;
export const resourceStatusSchema = z.enum(resourceStatuses);
export type ResourceStatus = z.infer<typeof resourceStatusSchema>;

export const resourceSorts = ['relevance', 'newest', 'popular'] as const;
export const resourceSortSchema = z.enum(resourceSorts, 'Sort by relevance, newest or popular');
export type ResourceSort = z.infer<typeof resourceSortSchema>;

/**
 * Languages the search understands (stemming and stop words), by ISO 639-1 code. Any other
 * two-letter code is accepted too and searched word for word.
 */
export const resourceLanguageNames = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  pt: 'Português',
  nl: 'Nederlands',
  sv: 'Svenska',
  da: 'Dansk',
  no: 'Norsk',
  fi: 'Suomi',
  ru: 'Русский',
  tr: 'Türkçe',
} as const;
export type ResourceLanguage = keyof typeof resourceLanguageNames;

/** The author shown for resources written by the team (admins), instead of a pseudonym. */
export const RESOURCE_TEAM_AUTHOR = 'Kindred team';

/** Size caps per type, checked while the upload streams (the upload stops at the cap). */
export const resourceFileMaxBytes = {
  audio: 50 * 1024 * 1024,
  video: 200 * 1024 * 1024,
  pdf: 20 * 1024 * 1024,
} as const satisfies Record<ResourceFileType, number>;

/** Content types accepted per type, recognised from the file's bytes (never its name). */
export const resourceMimeTypes = {
  audio: ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/ogg', 'audio/wav', 'audio/webm'],
  video: ['video/mp4', 'video/webm'],
  pdf: ['application/pdf'],
} as const satisfies Record<ResourceFileType, readonly string[]>;

export const resourceLimits = {
  titleMax: 120,
  summaryMax: 300,
  /** Markdown characters of an article (or of a transcript or notes for other types). */
  bodyMax: 50_000,
  urlMax: 2000,
  topicMax: 40,
  topicsMax: 8,
  reasonMax: 500,
  queryMax: 200,
  pageMax: 50,
} as const;

const text = (label: string, max: number) =>
  z
    .string(`${label} must be text`)
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/** A language code such as "en" or "es" (lower-case ISO 639-1). */
export const resourceLanguageSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'Language must be a two-letter code such as "en"');

/** Topics are the listening topics ("anxiety", "sleep"…), kept lower-case, each once. */
export const resourceTopicSchema = text('Topic', resourceLimits.topicMax).toLowerCase();
const topicsSchema = z
  .array(resourceTopicSchema)
  .max(resourceLimits.topicsMax, `At most ${resourceLimits.topicsMax} topics`)
  .transform((topics) => [...new Set(topics)]);

const markdownBody = z
  .string('Body must be text')
  .max(resourceLimits.bodyMax, `The text can be at most ${resourceLimits.bodyMax} characters`);

const linkUrl = z
  .url({ protocol: /^https?$/, message: 'Use a web address starting with https:// or http://' })
  .max(resourceLimits.urlMax);

// ── Items ─────────────────────────────────────────────────────────────────────────────────────

/**
 * One resource in a list. `duration_seconds` (audio, video) and `pages` (PDF) are read from the
 * file and null until one is uploaded or when the file does not say. `snippet` is set only for a
 * `q` search: a short passage with the matched words in `<mark>…</mark>`; everything else in it
 * is HTML-escaped, so it can be shown as HTML as it is.
 */
export const resourceSummarySchema = z.object({
  id: z.uuid(),
  type: resourceTypeSchema,
  title: z.string(),
  summary: z.string(),
  topics: z.array(z.string()),
  language: z.string(),
  duration_seconds: z.number().int().nullable(),
  pages: z.number().int().nullable(),
  /** The author's pseudonym, or "Kindred team" for the team's own resources. */
  author: z.string(),
  status: resourceStatusSchema,
  /** An editors' pick: what a new user is recommended first. */
  featured: z.boolean(),
  published_at: z.iso.datetime().nullable(),
  updated_at: z.iso.datetime(),
  /** Views by distinct people, each counted once a day. */
  view_count: z.number().int(),
  snippet: z.string().nullable(),
});
export type ResourceSummary = z.infer<typeof resourceSummarySchema>;

/** The uploaded file of an audio, video or PDF resource. */
export const resourceFileSchema = z.object({
  /** What the server found in the content, never what the client claimed. */
  mime_type: z.string(),
  size_bytes: z.number().int(),
  /** The cleaned original file name (what a download is saved as). */
  name: z.string(),
  /** GET /resources/:id/download: the file, with Range support so media can seek. */
  url: z.string(),
});
export type ResourceFile = z.infer<typeof resourceFileSchema>;

/**
 * GET /resources/:id. `body` is Markdown (the web client renders it with a Markdown library and
 * an HTML sanitizer; raw HTML in it is never meant to be interpreted). `rejection_reason` is
 * shown only to editors (the author and admins), null for others.
 */
export const resourceSchema = resourceSummarySchema.extend({
  body: z.string().nullable(),
  url: z.string().nullable(),
  file: resourceFileSchema.nullable(),
  rejection_reason: z.string().nullable(),
  created_at: z.iso.datetime(),
  download_count: z.number().int(),
  /** May the caller edit it (its author while not published, or an admin)? */
  can_edit: z.boolean(),
  /** May the caller move it to this status now (the buttons an editor is offered)? */
  allowed_statuses: z.array(resourceStatusSchema),
});
export type Resource = z.infer<typeof resourceSchema>;

/** What a chat message of kind `resource` carries: enough to draw a card that opens it. */
export const resourceCardSchema = z.object({
  id: z.uuid(),
  type: resourceTypeSchema,
  title: z.string(),
  summary: z.string(),
  duration_seconds: z.number().int().nullable(),
  pages: z.number().int().nullable(),
});
export type ResourceCard = z.infer<typeof resourceCardSchema>;

// ── GET /resources ────────────────────────────────────────────────────────────────────────────

const queryBoolean = z
  .enum(['true', 'false'], 'Use true or false')
  .transform((value) => value === 'true');

/**
 * GET /resources. Without `status` or `mine`: published resources for everyone signed in.
 * `mine=true`: the caller's own, in every status (editors). `status`: admins see any status
 * (`in_review` is the review queue, oldest first); a listener only their own in it.
 * `sort` defaults to `relevance` with `q` and `newest` without.
 */
export const listResourcesQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .max(resourceLimits.queryMax, `Search for at most ${resourceLimits.queryMax} characters`)
    .optional(),
  type: resourceTypeSchema.optional(),
  topic: resourceTopicSchema.optional(),
  language: resourceLanguageSchema.optional(),
  sort: resourceSortSchema.optional(),
  status: resourceStatusSchema.optional(),
  mine: queryBoolean.optional(),
  /** The `next_cursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce
    .number('limit must be a number')
    .int('limit must be a whole number')
    .min(1)
    .max(resourceLimits.pageMax, `limit can be at most ${resourceLimits.pageMax}`)
    .default(20),
});
export type ListResourcesQuery = z.input<typeof listResourcesQuerySchema>;

export const listResourcesResponseSchema = z.object({
  resources: z.array(resourceSummarySchema),
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: z.string().nullable(),
  /** A `q` search that found nothing ranked and fell back to similar spellings. */
  fuzzy: z.boolean(),
});
export type ListResourcesResponse = z.infer<typeof listResourcesResponseSchema>;

// ── GET /resources/recommended ────────────────────────────────────────────────────────────────

export const recommendedQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).default(6),
});
/**
 * `for_you`: from the caller's saved topics, recent chats' topics and language, and what is read
 * most, leaving out what they already opened. `editors_picks`: for someone Kindred knows nothing
 * about yet.
 */
export const recommendedResponseSchema = z.object({
  resources: z.array(resourceSummarySchema),
  basis: z.enum(['for_you', 'editors_picks']),
});
export type RecommendedResponse = z.infer<typeof recommendedResponseSchema>;

// ── One resource ──────────────────────────────────────────────────────────────────────────────

export const resourceParamsSchema = uuidParams('id', 'Resource id must be a UUID');

const needsBodyOrUrl = (
  value: { type: ResourceType; body?: string | null | undefined; url?: string | null | undefined },
  ctx: z.core.$RefinementCtx,
) => {
  if (value.type === 'article' && !value.body?.trim())
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'An article needs its text' });
  if (value.type === 'link' && !value.url)
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'A link needs its web address' });
  if (value.type !== 'link' && value.url)
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'Only links have a web address' });
};

/** POST /resources: a new draft (its file, for audio, video and PDF, is uploaded next). */
export const createResourceBodySchema = z
  .strictObject({
    type: resourceTypeSchema,
    title: text('Title', resourceLimits.titleMax),
    summary: text('Summary', resourceLimits.summaryMax),
    /** Markdown: the article; for other types optional notes or a transcript (searched too). */
    body: markdownBody.optional(),
    /** Links only. */
    url: linkUrl.optional(),
    topics: topicsSchema.default([]),
    language: resourceLanguageSchema.default('en'),
    /** Admins only: an editors' pick. */
    featured: z.boolean().optional(),
  })
  .superRefine(needsBodyOrUrl);
export type CreateResourceBody = z.input<typeof createResourceBodySchema>;

/**
 * PUT /resources/:id: any of the fields, and/or a status change. `reason` is required with
 * `status: "rejected"` and allowed only then. The type cannot change.
 */
export const updateResourceBodySchema = z
  .strictObject({
    title: text('Title', resourceLimits.titleMax).optional(),
    summary: text('Summary', resourceLimits.summaryMax).optional(),
    body: markdownBody.nullable().optional(),
    url: linkUrl.nullable().optional(),
    topics: topicsSchema.optional(),
    language: resourceLanguageSchema.optional(),
    featured: z.boolean().optional(),
    status: resourceStatusSchema.optional(),
    reason: text('Reason', resourceLimits.reasonMax).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.status === 'rejected' && !value.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why it is sent back' });
    if (value.reason && value.status !== 'rejected')
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'A reason goes with status "rejected" only',
      });
    if (Object.keys(value).length === 0)
      ctx.addIssue({ code: 'custom', path: [], message: 'Nothing to change' });
  });
export type UpdateResourceBody = z.input<typeof updateResourceBodySchema>;

export const resourceResponseSchema = resourceSchema;
export const deleteResourceResponseSchema = z.object({
  success: z.literal(true),
  message: z.string(),
});

/** POST /resources/:id/view: counted once per person, resource and day (UTC). */
export const recordViewResponseSchema = z.object({
  /** False when this person's view today was already counted. */
  counted: z.boolean(),
  view_count: z.number().int(),
});
export type RecordViewResponse = z.infer<typeof recordViewResponseSchema>;

/** GET /resources/:id/download: `?download=1` asks for `attachment` instead of `inline`. */
export const downloadResourceQuerySchema = z.strictObject({
  download: z.enum(['0', '1', 'true', 'false']).optional(),
});

// ── Admin: views and downloads over time ──────────────────────────────────────────────────────

export const resourceStatsQuerySchema = z.strictObject({
  /** Days back from today (UTC), today included. */
  days: z.coerce.number().int().min(1).max(365).default(30),
});
export type ResourceStatsQuery = z.input<typeof resourceStatsQuerySchema>;

export const resourceDayStatsSchema = z.object({
  date: z.iso.date(),
  views: z.number().int(),
  downloads: z.number().int(),
});

/** GET /admin/resources/:id/stats: one resource, day by day (days without any are zeros). */
export const resourceStatsResponseSchema = z.object({
  resource: z.object({
    id: z.uuid(),
    title: z.string(),
    type: resourceTypeSchema,
    status: resourceStatusSchema,
  }),
  from: z.iso.date(),
  to: z.iso.date(),
  days: z.array(resourceDayStatsSchema),
  total_views: z.number().int(),
  total_downloads: z.number().int(),
});
export type ResourceStatsResponse = z.infer<typeof resourceStatsResponseSchema>;

/** GET /admin/resources/stats: every resource's views and downloads in the period, most viewed first. */
export const resourcesStatsResponseSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  resources: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      type: resourceTypeSchema,
      status: resourceStatusSchema,
      views: z.number().int(),
      downloads: z.number().int(),
    }),
  ),
});
export type ResourcesStatsResponse = z.infer<typeof resourcesStatsResponseSchema>;

/** Where a resource's file is served. */
export const resourceDownloadUrl = (id: string) => `/api/v1/resources/${id}/download`;
