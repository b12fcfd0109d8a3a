import { useAdminTitle } from './AdminLayout';
import { ListenerApprovals } from './ListenerApprovals';
import { SupportQueue } from './SupportQueue';

/** /admin/listeners: listener applications. */
export function ListenersTab() {
  useAdminTitle('Listeners');
  return <ListenerApprovals />;
}

/** /admin/support: the support ticket queue. */
export function SupportTab() {
  useAdminTitle('Support');
  return <SupportQueue />;
}
