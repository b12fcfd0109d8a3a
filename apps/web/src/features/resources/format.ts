import { resourceLanguageNames, type ResourceType } from '@kindred/protocol';

/** Words and numbers about resources, as the library shows them (pure, unit-tested). */

export type ResourceKind = ResourceType;

export const typeInfo: Record<ResourceKind, { label: string; plural: string; icon: string }> = {
  article: { label: 'Article', plural: 'Articles', icon: '📖' },
  audio: { label: 'Audio', plural: 'Audio', icon: '🎧' },
  video: { label: 'Video', plural: 'Videos', icon: '🎬' },
  pdf: { label: 'PDF', plural: 'PDFs', icon: '📄' },
  link: { label: 'Link', plural: 'Links', icon: '🔗' },
};

/** "45 sec", "6 min", "1 h 5 min": a length for a card. */
export function formatLength(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} sec`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** How long a resource takes, in the words a card uses: "6 min listen", "12 pages". */
export function describeLength(resource: {
  type: ResourceKind;
  duration_seconds?: number | null;
  pages?: number | null;
}): string | null {
  const { type, duration_seconds: seconds, pages } = resource;
  if (seconds !== null && seconds !== undefined && seconds > 0) {
    const verb = type === 'audio' ? 'listen' : type === 'video' ? 'watch' : 'read';
    return `${formatLength(seconds)} ${verb}`;
  }
  if (pages !== null && pages !== undefined && pages > 0) {
    return pages === 1 ? '1 page' : `${pages} pages`;
  }
  return null;
}

/** "1 view", "2,345 views". */
export function formatViews(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'view' : 'views'}`;
}

/** "12 March 2026", for a published date. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** "1.2 MB", "340 KB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

/** The server escapes a snippet's text as HTML; React escapes it again, so undo the first. */
const unescape = (text: string) =>
  text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => entities[e]!);

/**
 * A search snippet with its matches marked (`open`/`close` around each, as the server's
 * highlighter writes them, the rest HTML-escaped) as plain text parts: nothing in it is ever
 * inserted as HTML.
 */
export function snippetParts(snippet: string, open = '<mark>', close = '</mark>'): SnippetPart[] {
  return rawParts(snippet, open, close).map((part) => ({ ...part, text: unescape(part.text) }));
}

function rawParts(snippet: string, open: string, close: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const start = rest.indexOf(open);
    if (start === -1) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), match: false });
    const afterOpen = rest.slice(start + open.length);
    const end = afterOpen.indexOf(close);
    if (end === -1) {
      parts.push({ text: afterOpen, match: true });
      break;
    }
    if (end > 0) parts.push({ text: afterOpen.slice(0, end), match: true });
    rest = afterOpen.slice(end + close.length);
  }
  return parts;
}

/** "English" for "en"; the code itself for a language the library has no name for. */
export function languageName(code: string): string {
  const names: Record<string, string> = resourceLanguageNames;
  return names[code.toLowerCase()] ?? code;
}
