import type { Me } from '@kindred/protocol';

/** Admins and approved listeners write resources (listeners' go to review first). */
export function canEditResources(me: Pick<Me, 'is_admin' | 'roles' | 'listener_status'>): boolean {
  return me.is_admin || (me.roles.includes('listener') && me.listener_status === 'approved');
}
