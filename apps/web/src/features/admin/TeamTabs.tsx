import { useAdminTitle } from './AdminLayout';
import { ContactRequests } from './ContactRequests';
import { ListenerApprovals } from './ListenerApprovals';
import { SupportQueue } from './SupportQueue';

/** /admin/listeners: listener applications. */
export function ListenersTab() {
  useAdminTitle('Listeners');
  return <ListenerApprovals />;
}

/** /admin/support: the support ticket queue, then the signed-out contact-form messages. */
export function SupportTab() {
  useAdminTitle('Support');
  return (
    <div className="flex flex-col gap-10">
      <SupportQueue />
      <ContactRequests />
    </div>
  );
}
