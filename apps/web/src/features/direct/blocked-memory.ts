/**
 * Who this user blocked, remembered on this device. The server says only that a conversation is
 * blocked (by either side); remembering our own blocks lets the blocker's screen say "You
 * blocked X" and offer to unblock, while the other side is simply refused when they send.
 */

const keyFor = (myId: string) => `kindred.blocked.v1.${myId}`;

function read(myId: string): string[] {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(keyFor(myId)) ?? '[]');
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function write(myId: string, ids: string[]): void {
  try {
    if (ids.length === 0) window.localStorage.removeItem(keyFor(myId));
    else window.localStorage.setItem(keyFor(myId), JSON.stringify(ids));
  } catch {
    // Storage unavailable (private mode): the block is still remembered for this page.
  }
}

export const blockedByMe = (myId: string, userId: string): boolean => read(myId).includes(userId);

export function rememberBlock(myId: string, userId: string, blocked: boolean): void {
  const others = read(myId).filter((id) => id !== userId);
  write(myId, blocked ? [...others, userId] : others);
}
