/**
 * The pure part of the library search: the words of a query as a tsquery, cursors, and
 * snippets made safe to show as HTML. The SQL is in resources.repository.ts.
 */
import { escapeHtml } from '../../lib/html';

const MAX_WORDS = 8;
/** The shortest last word that is matched as a prefix while someone types. */
const MIN_PREFIX = 3;

/** The words of what someone typed: letters and digits only, so nothing is tsquery syntax. */
export function queryWords(q: string): string[] {
  return (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
}

/**
 * A tsquery (for `to_tsquery(config, …)`) that wants every word, the last one (from three letters
 * on) as a prefix: as someone types "breath", "breathing" and "breathe" already match. Each word may come with
 * alternatives (spellings found by the typo fallback), any of which will do.
 */
export function toTsquery(words: string[][], prefixLast = true): string | undefined {
  const groups = words
    .filter((alternatives) => alternatives.length > 0)
    .map((alternatives, i, all) => {
      // A word of one or two letters is not yet a prefix worth matching (it would match nearly
      // every resource and rank them all).
      const last = prefixLast && i === all.length - 1;
      const terms = alternatives.map((w, k) =>
        last && k === 0 && w.length >= MIN_PREFIX ? `${w}:*` : w,
      );
      return terms.length === 1 ? terms[0]! : `(${terms.join(' | ')})`;
    });
  return groups.length === 0 ? undefined : groups.join(' & ');
}

/** Marks the database puts around matched words in a headline (control characters: never text). */
export const HIGHLIGHT_START = '\u0001';
export const HIGHLIGHT_STOP = '\u0002';

/** A headline as HTML: everything escaped, the matched words in `<mark>`. */
export function snippetHtml(headline: string): string {
  return escapeHtml(headline.replace(/\s+/g, ' ').trim())
    .replaceAll(HIGHLIGHT_START, '<mark>')
    .replaceAll(HIGHLIGHT_STOP, '</mark>');
}

/** Control characters never belong in stored text (and the headline marks rely on it). */
export const withoutControlCharacters = (text: string) =>
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

/** Where the next page starts: a position (ranked and editors' lists) or the last row's key. */
export type Cursor =
  | { kind: 'offset'; offset: number }
  | { kind: 'newest'; at: string; id: string }
  | { kind: 'popular'; views: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor, or undefined when it is not one of ours (then the caller answers 400). */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    const uuid = /^[0-9a-f-]{36}$/;
    if (value.kind === 'offset' && Number.isInteger(value.offset) && value.offset >= 0)
      return { kind: 'offset', offset: Math.min(value.offset, 10_000) };
    if (value.kind === 'newest' && !Number.isNaN(Date.parse(value.at)) && uuid.test(value.id))
      return { kind: 'newest', at: value.at, id: value.id };
    if (value.kind === 'popular' && Number.isInteger(value.views) && uuid.test(value.id))
      return { kind: 'popular', views: value.views, id: value.id };
  } catch {
    // not ours
  }
  return undefined;
}
