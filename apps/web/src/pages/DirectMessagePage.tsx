import { useParams } from 'react-router';
import { z } from 'zod';
import { DirectConversation } from '../features/direct/DirectConversation';
import { InboxSidebar } from '../features/direct/InboxSidebar';
import { useSessionStore } from '../features/identity/session-store';
import { usePageTitle } from '../lib/use-page-title';
import { NotFoundPage } from './NotFoundPage';

const conversationIdSchema = z.uuid();

/** /messages/:conversationId: one direct conversation (on wide screens, beside the inbox). */
export function DirectMessagePage() {
  usePageTitle('Messages');
  const me = useSessionStore((state) => state.user);
  const parsed = conversationIdSchema.safeParse(useParams().conversationId);
  if (!parsed.success) return <NotFoundPage />;
  if (!me) return null;
  return (
    <div className="flex min-h-0 flex-1 gap-4">
      <InboxSidebar myId={me.id} currentId={parsed.data} />
      <DirectConversation key={parsed.data} conversationId={parsed.data} myId={me.id} />
    </div>
  );
}
