/** Formatting for the admin tables (pure, unit-tested). */

/** Formats an ISO time for admin tables: "22 Nov 2026, 14:05". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "5 min ago", "3 h ago", "2 days ago": how long an item has waited. */
export function formatAge(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** "self_harm" → "Self harm", "under_review" → "Under review". */
export function humanize(value: string): string {
  const text = value.replace(/_/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Severity 3/2/1 as words, for badges that must not rely on colour. */
export function severityLabel(severity: number): 'High' | 'Medium' | 'Low' {
  return severity >= 3 ? 'High' : severity === 2 ? 'Medium' : 'Low';
}

/** A short excerpt for a table cell. */
export function snippet(text: string | null, max = 80): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
