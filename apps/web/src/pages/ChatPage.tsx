import { useLocation, useParams } from 'react-router';
import { z } from 'zod';
import { ChatView } from '../features/conversations/ChatView';
import { usePageTitle } from '../lib/use-page-title';
import { NotFoundPage } from './NotFoundPage';

const sessionIdSchema = z.uuid();

/**
 * /chat/:sessionId (and the listening contract's /sharer/chat/… and /listener/chat/…): one
 * conversation.
 */
export function ChatPage() {
  usePageTitle('Chat');
  const { sessionId } = useParams();
  const { pathname } = useLocation();
  const parsed = sessionIdSchema.safeParse(sessionId);
  if (!parsed.success) return <NotFoundPage />;
  const roleHint = pathname.startsWith('/sharer/')
    ? 'sharer'
    : pathname.startsWith('/listener/')
      ? 'listener'
      : null;
  return <ChatView key={parsed.data} sessionId={parsed.data} roleHint={roleHint} />;
}
