import { errors } from './errors';

/** Where a page in (time, id) order starts: the last row of the previous page. */
export interface TimeCursor {
  at: Date;
  id: string;
}

/** An opaque page cursor for a list in (time, id) order. */
export const encodeTimeCursor = ({ at, id }: TimeCursor) =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** Reads a cursor made by `encodeTimeCursor`; anything else is a 400, never a database error. */
export function decodeTimeCursor(cursor: string): TimeCursor {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(time ?? '');
  if (!id || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw errors.validation([{ path: 'cursor', message: 'This cursor is not valid' }]);
  }
  return { at, id };
}

/**
 * A page from rows fetched with one more than `limit`: the first `limit` rows, and the cursor of
 * the last of them when more follow (null on the last page).
 */
export function cursorPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string) {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!) : null };
}
