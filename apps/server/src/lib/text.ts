import { errors } from './errors';

/** A NUL, or half of a surrogate pair without its other half (in `u` mode pairs never match). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/**
 * True when a string anywhere in the value (object keys included) holds a character PostgreSQL
 * text cannot store — NUL, or a lone UTF-16 surrogate — so that such input is refused up front
 * with a 400 instead of failing in the database.
 */
export function hasUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return true;
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) stack.push(key, inner);
    }
  }
  return false;
}

export const unstorableText = () =>
  errors.validation(
    [{ path: '', message: 'Text contains characters that cannot be stored' }],
    'Text contains characters that cannot be stored',
  );

/**
 * An uploaded file's own name made safe to show and to put in Content-Disposition, without its
 * extension: no path, no control or quote characters, at most `max` characters; '' if nothing is
 * left.
 */
export function cleanBaseName(name: string | undefined, max: number): string {
  return (name ?? '')
    .split(/[/\\]/)
    .pop()!
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.[^.]*$/, '')
    .replace(/^\.+/, '')
    .slice(0, max)
    .trim();
}
