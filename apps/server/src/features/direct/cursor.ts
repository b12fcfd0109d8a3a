import { z } from 'zod';
import { errors } from '../../lib/errors';
import type { Position } from './direct.repository';

const positionSchema = z.tuple([z.string().regex(/^\d{1,17}$/), z.uuid()]);

/** An opaque page cursor: the last row's keyset position. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** Reads a cursor from a previous page; anything else is a 400, never a database error. */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = positionSchema.safeParse(parsed);
  if (!result.success) {
    throw errors.validation(
      [{ path: 'cursor', message: 'cursor is not valid' }],
      'cursor is not valid',
    );
  }
  return { at: result.data[0], id: result.data[1] };
}
