import { safeNextPath } from '../../lib/safe-redirect';

/**
 * Where a notification's link goes: an in-app path. Anything else (another site, a malformed
 * link) opens the notifications page instead.
 */
export function notificationPath(link: string): string {
  return safeNextPath(link, '/notifications');
}
