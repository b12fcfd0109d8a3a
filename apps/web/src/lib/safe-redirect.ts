/**
 * The `next` query parameter is only followed when it is a path on this site; anything else
 * (another origin, `//evil.example`, `javascript:`) falls back, so sign-in cannot be used as an
 * open redirect.
 */
export function safeNextPath(next: string | null, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  try {
    const url = new URL(next, window.location.origin);
    if (url.origin !== window.location.origin) return fallback;
    if (url.pathname === '/login' || url.pathname === '/register') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** `/login?next=…` for the given location. */
export function loginPathFor(location: { pathname: string; search: string; hash?: string }) {
  const next = `${location.pathname}${location.search}${location.hash ?? ''}`;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
