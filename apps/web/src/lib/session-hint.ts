const key = 'kindred.has-session';

/**
 * Remembers (in localStorage, shared by every tab) whether this browser was signed in. The
 * session cookies are httpOnly, so without this hint every visitor's first 401 would cost a
 * POST /auth/refresh, which counts against the sign-in rate limit.
 */
export const sessionHint = {
  /** True when a refresh might succeed; true as well when storage is unavailable. */
  get(): boolean {
    try {
      return window.localStorage.getItem(key) === '1';
    } catch {
      return true;
    }
  },
  set(signedIn: boolean): void {
    try {
      if (signedIn) window.localStorage.setItem(key, '1');
      else window.localStorage.removeItem(key);
    } catch {
      // Private mode or storage disabled: the hint is only an optimisation.
    }
  },
};
