import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { LoadingState } from '../../components/ui/Spinner';
import { useSessionStore } from '../session/session-store';
import { ChatHeader } from './ChatHeader';
import { dismissCrisis } from './chat-actions';
import { openConversation, retryConversation } from './chat-client';
import { useChatStore, useOutboxStore } from './chat-store';
import { ConnectionBanner } from './ConnectionBanner';
import { otherMembers, visibleMessages } from './conversation-state';
import { CrisisCard } from './CrisisCard';
import { MessageComposer } from './MessageComposer';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

const frame =
  'mx-auto flex h-[calc(100dvh-8rem)] min-h-[26rem] w-full max-w-3xl flex-col overflow-hidden rounded-xl border border-line bg-white';

function ChatError({
  code,
  message,
  onRetry,
}: {
  code: string;
  message: string;
  onRetry: () => void;
}) {
  const [title, text] =
    code === 'NOT_FOUND'
      ? [
          "We couldn't find this chat",
          'It may have ended and been removed: chats are deleted 24 hours after they start.',
        ]
      : code === 'NOT_A_MEMBER' || code === 'FORBIDDEN'
        ? ["This chat isn't available to you", 'Only the people in a chat can open it.']
        : ["We couldn't open this chat", message];
  const retryable = !['NOT_FOUND', 'NOT_A_MEMBER', 'FORBIDDEN'].includes(code);
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
      <h1 className="text-3xl">{title}</h1>
      <p>{text}</p>
      <div className="flex flex-wrap gap-2">
        {retryable && <Button onClick={onRetry}>Try again</Button>}
        <ButtonLink to="/dashboard" variant="secondary">
          Back to home
        </ButtonLink>
      </div>
    </div>
  );
}

/**
 * A whole conversation (seed 000 "Chat Interface"): header with the partner's presence, the
 * message list, typing indicator, crisis card and input. Works for every conversation kind.
 */
export function ChatView({ sessionId }: { sessionId: string }) {
  const me = useSessionStore((state) => state.user);
  const state = useChatStore((store) => store.conversations[sessionId]);
  const allEntries = useOutboxStore((store) => store.entries);
  const [draft, setDraft] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => openConversation(sessionId), [sessionId]);

  const outbox = useMemo(
    () => allEntries.filter((entry) => entry.session_id === sessionId),
    [allEntries, sessionId],
  );
  const messages = useMemo(() => (state ? visibleMessages(state) : []), [state]);

  if (!me) return null;
  if (state?.error) {
    return (
      <ChatError
        code={state.error.code}
        message={state.error.message}
        onRetry={() => retryConversation(sessionId)}
      />
    );
  }

  const conversation = state?.conversation ?? null;
  const partner = otherMembers(conversation, me.id)[0] ?? null;
  const partnerName =
    partner?.pseudonym ?? messages.find((m) => !m.is_own_message)?.sender_pseudonym ?? null;
  const ended = conversation?.status === 'ended';
  const loaded = state?.historyStatus === 'loaded';
  const emptyText = !partnerName
    ? 'Say hello'
    : partner?.role === 'listener'
      ? `Say hello — ${partnerName} is here to listen`
      : `Say hello to ${partnerName}`;

  function editFailed(text: string) {
    setDraft((current) => (current.trim() ? `${current}\n${text}` : text));
    textareaRef.current?.focus();
  }

  return (
    <section aria-label="Chat" className={frame}>
      <ChatHeader partner={partner} fallbackName={partnerName ?? 'Chat'} />
      <ConnectionBanner />
      {!loaded && messages.length === 0 && outbox.length === 0 ? (
        <div className="flex-1">
          <LoadingState label="Opening your chat…" />
        </div>
      ) : (
        <MessageList
          sessionId={sessionId}
          messages={messages}
          outbox={outbox}
          conversation={conversation}
          myId={me.id}
          myPseudonym={me.pseudonym}
          hasMoreBefore={state?.hasMoreBefore ?? false}
          loadingOlder={state?.loadingOlder ?? false}
          readOnly={ended}
          emptyText={emptyText}
          onEditFailed={editFailed}
        />
      )}
      <TypingIndicator typing={state?.typing ?? {}} />
      {state?.crisis && (
        <CrisisCard crisis={state.crisis} onDismiss={() => dismissCrisis(sessionId)} />
      )}
      {ended && (
        <p
          role="status"
          className="mx-2 mb-2 rounded-lg bg-surface px-4 py-3 text-center font-semibold sm:mx-3"
        >
          This chat has ended. Thank you for being here.
        </p>
      )}
      <MessageComposer
        sessionId={sessionId}
        text={draft}
        onTextChange={setDraft}
        disabled={ended}
        textareaRef={textareaRef}
      />
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {state?.announcement?.text}
      </div>
    </section>
  );
}
