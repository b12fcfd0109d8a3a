// Builders for the shapes many schemas share: id params, the admin lists' paging, the
// direct-messaging contract's envelopes. Internal: the package exports the schemas built with them.
import { z } from 'zod';
import { limits } from './limits';

/** A listener's rating (null until rated) and number of chats, as every view of them shows. */
export const listenerStatsFields = {
  listener_rating: z.number().nullable(),
  listener_total_chats: z.number().int(),
};

/** The start of a profile as other people see it. */
export const profileCardFields = {
  id: z.uuid(),
  pseudonym: z.string(),
  bio: z.string(),
  profile_picture_url: z.string().nullable(),
};

/** Route params of one UUID, e.g. `{ id }` for /users/:id; `message` is the error for a bad one. */
export const uuidParams = <K extends string>(key: K, message = `${key} must be a UUID`) =>
  z.strictObject({ [key]: z.uuid(message) } as { [P in K]: z.ZodUUID });

/** The listening contract's page/limit query of every admin list. */
export const pageQuery = {
  page: z.coerce.number().int('page must be a whole number').min(1).default(1),
  limit: z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1)
    .max(limits.adminPageMax, `limit can be at most ${limits.adminPageMax}`)
    .default(20),
};

/**
 * One page of an admin list: the items under `key`, then the listening contract's total, page and
 * pages.
 */
export const pagedList = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.object({
    ...({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> }),
    total: z.number().int(),
    page: z.number().int(),
    pages: z.number().int(),
  });

/** The direct-messaging contract's success envelope. */
export const successEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data });

/**
 * The direct-messaging contract's success envelope of one page of a cursor-paged list: the items
 * under `data[key]`.
 */
export const pagedEnvelope = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.object({
    success: z.literal(true),
    data: z.object({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> }),
    meta: z.object({
      pagination: z.object({ cursor: z.string().nullable(), hasMore: z.boolean() }),
    }),
  });
