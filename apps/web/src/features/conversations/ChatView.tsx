import type { ErrorCode } from '@kindred/protocol';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { LoadingState } from '../../components/ui/Spinner';
import { MessageRequestDialog, type RequestReceiver } from '../direct/MessageRequestDialog';
import { PartnerMessageAction } from '../direct/PartnerMessageAction';
import { useFeedbackStore } from '../listening/feedback-store';
import { FeedbackModal, type FeedbackOutcome } from '../listening/FeedbackModal';
import { GetHelpButton } from '../safety/GetHelpDialog';
import { ListenerAfterFlaggedChat, SharerAfterFlaggedChat } from '../safety/AfterFlaggedChat';
import { ListenerGuidance } from '../safety/ListenerGuidance';
import { TeamCheckIns } from '../safety/TeamCheckIns';
import { BlockButton, BlockDialog } from '../safety/BlockButton';
import { openReport } from '../safety/report-store';
import { ReportDialog } from '../safety/ReportDialog';
import { useSessionStore } from '../identity/session-store';
import { useFullScreenPage } from '../../lib/full-screen';
import { ChatHeader } from './ChatHeader';
import { dismissCrisis, dismissGuidance } from './chat-actions';
import { openConversation, retryConversation } from './chat-client';
import { useChatStore, useOutboxStore } from './chat-store';
import { ConnectionBanner } from './ConnectionBanner';
import { connectNow } from './realtime';
import { isOver, otherMembers, visibleMessages, wasFlagged } from './conversation-state';
import { CrisisCard } from './CrisisCard';
import { EndChatButton } from './EndChatButton';
import { MessageComposer } from './MessageComposer';
import { MessageList } from './MessageList';
import { OptionsMenu } from './Popover';
import { TypingIndicator } from './TypingIndicator';

/** Failures that opening the chat again will not change: no "Try again" for these. */
const unavailableCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'NOT_FOUND',
  'CONVERSATION_NOT_FOUND',
  'NOT_A_MEMBER',
  'FORBIDDEN',
]);

/** The chat fills what the frame gives it (the visible height, see useFullScreenPage). */
const frame =
  'mx-auto flex min-h-0 w-full max-w-3xl flex-1 flex-col overflow-hidden bg-raised sm:rounded-xl sm:border sm:border-line';
const menuItemClasses =
  'min-h-11 rounded-lg px-4 text-left font-semibold text-danger-text hover:bg-danger-soft';

function ChatError({
  code,
  message,
  onRetry,
  direct,
}: {
  code: string;
  message: string;
  onRetry: () => void;
  direct: boolean;
}) {
  const [title, text] =
    code === 'NOT_FOUND' || code === 'CONVERSATION_NOT_FOUND'
      ? [
          "We couldn't find this chat",
          direct
            ? 'It may have been removed, or the link is not quite right.'
            : 'It may have ended and been removed: chats are deleted 24 hours after they start.',
        ]
      : code === 'NOT_A_MEMBER' || code === 'FORBIDDEN'
        ? ["This chat isn't available to you", 'Only the people in a chat can open it.']
        : ["We couldn't open this chat", message];
  const retryable = !unavailableCodes.has(code);
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
      <h1 className="text-3xl">{title}</h1>
      <p>{text}</p>
      <div className="flex flex-wrap gap-2">
        {retryable && <Button onClick={onRetry}>Try again</Button>}
        <ButtonLink to={direct ? '/messages' : '/dashboard'} variant="secondary">
          {direct ? 'Back to messages' : 'Back to home'}
        </ButtonLink>
        <GetHelpButton />
      </div>
    </div>
  );
}

type ChatRole = 'sharer' | 'listener';
const asRole = (role: string | undefined): ChatRole | null =>
  role === 'sharer' || role === 'listener' ? role : null;

/** Where each role goes once a listening chat is over. */
const homeFor = (role: ChatRole | null) => (role === 'listener' ? '/listener/queue' : '/dashboard');

/**
 * A whole conversation (the listening contract's "Chat Interface"): header with the partner's
 * presence and the Get help / Report / End chat actions, the message list, typing indicator, crisis
 * card and input; once a listening chat ends, the feedback modal. Works for every conversation
 * kind.
 */
export function ChatView({
  sessionId,
  roleHint = null,
  direct = false,
  headerActions,
  composer,
  hideThroughSeq = 0,
  emptyText: emptyTextOverride,
  back,
}: {
  sessionId: string;
  /** The role the page's address implies (/sharer/chat/…), until the members are known. */
  roleHint?: ChatRole | null;
  /** A direct conversation (/messages/…): its page brings its own header menu. */
  direct?: boolean;
  /** Replaces the header's Get help / Report / Block / End chat buttons. */
  headerActions?: ReactNode;
  /** Replaces the message input (a blocked conversation says why instead). */
  composer?: ReactNode;
  /** Messages up to this seq were cleared by this user and are not shown. */
  hideThroughSeq?: number;
  /** What an empty conversation says, instead of "Say hello…". */
  emptyText?: string;
  /** A way back shown at the start of the header (direct messages: the inbox). */
  back?: { to: string; label: string };
}) {
  const me = useSessionStore((state) => state.user);
  const state = useChatStore((store) => store.conversations[sessionId]);
  const allEntries = useOutboxStore((store) => store.entries);
  const feedbackDone = useFeedbackStore((store) => store.done[sessionId]);
  const finishFeedback = useFeedbackStore((store) => store.finish);
  const navigate = useNavigate();
  const [draft, setDraft] = useState('');
  const [feedbackDismissed, setFeedbackDismissed] = useState(false);
  const [feedbackAsked, setFeedbackAsked] = useState(false);
  const [requestTo, setRequestTo] = useState<RequestReceiver | null>(null);
  const [blocking, setBlocking] = useState(false);
  useFullScreenPage();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const endedActionsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    connectNow();
    return openConversation(sessionId);
  }, [sessionId]);

  const outbox = useMemo(
    () => allEntries.filter((entry) => entry.session_id === sessionId),
    [allEntries, sessionId],
  );
  const messages = useMemo(
    () => (state ? visibleMessages(state).filter((m) => m.seq > hideThroughSeq) : []),
    [state, hideThroughSeq],
  );

  if (!me) return null;
  if (state?.error) {
    return (
      <ChatError
        code={state.error.code}
        message={state.error.message}
        onRetry={() => retryConversation(sessionId)}
        direct={direct}
      />
    );
  }

  const conversation = state?.conversation ?? null;
  const partner = otherMembers(conversation, me.id)[0] ?? null;
  const partnerName =
    partner?.pseudonym ?? messages.find((m) => !m.is_own_message)?.sender_pseudonym ?? null;
  const ended = isOver(state);
  const loaded = state?.historyStatus === 'loaded';
  const myRole =
    asRole(conversation?.members.find((m) => m.user_id === me.id)?.role) ?? roleHint ?? null;
  const listening = conversation ? conversation.kind === 'listening' : !direct && roleHint !== null;
  const endedInfo = state?.ended ?? null;
  const abandoned = endedInfo?.reason === 'abandoned' || conversation?.status === 'abandoned';
  // After a chat whose words suggested risk, support comes first and a rating only if they choose.
  const flagged = listening && wasFlagged(state) && !abandoned;
  // The listener's guidance: live from `safety_guidance`, or after a reload while the chat lasts.
  const showGuidance =
    myRole === 'listener' &&
    !ended &&
    (Boolean(state?.guidance) || (wasFlagged(state) && !state?.guidanceDismissed));
  // The listening contract: the sharer is always asked; the listener when the server says feedback
  // is wanted.
  const feedbackWanted =
    listening && !flagged && endedInfo?.reason === 'ended' && endedInfo.feedback_required;
  const feedbackOpen =
    ended && !feedbackDone && (feedbackAsked || (feedbackWanted && !feedbackDismissed));
  const canGiveFeedback = listening && ended && !abandoned && !feedbackDone && myRole !== null;
  const home = homeFor(myRole);
  const endedText =
    abandoned && myRole === 'sharer'
      ? `This chat has ended. ${partnerName ?? 'Your listener'} wasn't able to join in time. We're sorry: it happens sometimes, and it isn't about you.`
      : abandoned
        ? 'This chat has ended because it was not joined in time.'
        : 'This chat has ended. Thank you for being here.';
  const emptyText =
    emptyTextOverride ??
    (!partnerName
      ? 'Say hello'
      : partner?.role === 'listener'
        ? `Say hello — ${partnerName} is here to listen`
        : `Say hello to ${partnerName}`);

  function editFailed(text: string) {
    setDraft((current) => (current.trim() ? `${current}\n${text}` : text));
    textareaRef.current?.focus();
  }

  function feedbackFinished(outcome: FeedbackOutcome) {
    finishFeedback(sessionId, outcome);
    void navigate(home);
  }

  const report = () =>
    partner && openReport({ userId: partner.user_id, pseudonym: partner.pseudonym, sessionId });
  // Wide screens show Report and Block as buttons; phones keep them under "More options", so
  // that the header stays one row.
  const actions = headerActions ?? (
    <>
      <GetHelpButton compact className="px-2 sm:px-3" />
      {partner && (
        <Button
          variant="ghost"
          className="px-2 max-sm:hidden sm:px-3"
          aria-haspopup="dialog"
          onClick={report}
        >
          Report<span className="sr-only"> {partner.pseudonym}</span>
        </Button>
      )}
      {partner && (
        <BlockButton
          userId={partner.user_id}
          pseudonym={partner.pseudonym}
          className="px-2 max-sm:hidden sm:px-3"
        />
      )}
      {listening && conversation && (
        <EndChatButton sessionId={sessionId} myId={me.id} myRole={myRole} ended={ended} />
      )}
      {partner && (
        <span className="sm:hidden">
          <OptionsMenu label="More options" align="end" panelClassName="flex w-max flex-col">
            {(close) => (
              <>
                <button
                  type="button"
                  aria-haspopup="dialog"
                  className={menuItemClasses}
                  onClick={() => {
                    close();
                    report();
                  }}
                >
                  Report {partner.pseudonym}…
                </button>
                <button
                  type="button"
                  aria-haspopup="dialog"
                  className={menuItemClasses}
                  onClick={() => {
                    close(false);
                    setBlocking(true);
                  }}
                >
                  Block {partner.pseudonym}…
                </button>
              </>
            )}
          </OptionsMenu>
          <BlockDialog
            userId={partner.user_id}
            pseudonym={partner.pseudonym}
            open={blocking}
            onClose={() => setBlocking(false)}
          />
        </span>
      )}
    </>
  );

  return (
    <section aria-label="Chat" className={frame}>
      <ChatHeader
        partner={partner}
        fallbackName={partnerName ?? 'Chat'}
        actions={actions}
        back={back}
      />
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
      {state?.crisis && !ended && (
        <CrisisCard
          crisis={state.crisis}
          sessionId={sessionId}
          onDismiss={() => dismissCrisis(sessionId)}
        />
      )}
      {showGuidance && (
        <ListenerGuidance
          sessionId={sessionId}
          from={state?.guidance?.from ?? null}
          onDismiss={() => dismissGuidance(sessionId)}
        />
      )}
      <TeamCheckIns checkIns={state?.checkIns ?? []} />
      {ended && (
        <div className="mx-2 mb-2 flex max-h-[60vh] flex-col items-center gap-3 overflow-y-auto rounded-lg bg-surface px-4 py-3 text-center sm:mx-3">
          <p className="font-semibold">{endedText}</p>
          {flagged && myRole === 'sharer' && (
            <SharerAfterFlaggedChat
              home={home}
              onFeedback={
                canGiveFeedback
                  ? () => {
                      setFeedbackAsked(true);
                      setFeedbackDismissed(false);
                    }
                  : null
              }
            />
          )}
          {flagged && myRole === 'listener' && <ListenerAfterFlaggedChat sessionId={sessionId} />}
          {listening && !(flagged && myRole === 'sharer') && (
            <div ref={endedActionsRef} className="flex flex-wrap justify-center gap-2">
              {abandoned && myRole === 'sharer' && (
                <ButtonLink to="/sharer/find-listener">Find another listener</ButtonLink>
              )}
              {partner && !abandoned && (
                <PartnerMessageAction
                  partnerId={partner.user_id}
                  pseudonym={partner.pseudonym}
                  onRequest={() =>
                    setRequestTo({ id: partner.user_id, pseudonym: partner.pseudonym })
                  }
                />
              )}
              {canGiveFeedback && (
                <Button
                  variant="secondary"
                  aria-haspopup="dialog"
                  onClick={() => {
                    setFeedbackAsked(true);
                    setFeedbackDismissed(false);
                  }}
                >
                  Give feedback
                </Button>
              )}
              <ButtonLink to={home} variant={abandoned ? 'secondary' : 'primary'}>
                {myRole === 'listener' ? 'Back to the queue' : 'Back to home'}
              </ButtonLink>
            </div>
          )}
        </div>
      )}
      {composer ?? (
        <MessageComposer
          sessionId={sessionId}
          text={draft}
          onTextChange={setDraft}
          disabled={ended}
          textareaRef={textareaRef}
        />
      )}
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {state?.announcement?.text}
      </div>
      <div role="status" className="sr-only">
        {ended ? endedText : ''}
      </div>
      <ReportDialog />
      {listening && (
        <MessageRequestDialog
          receiver={requestTo}
          onClose={() => {
            setRequestTo(null);
            // A sent request replaces the button that opened the dialog: focus its successor.
            window.setTimeout(() => {
              if (document.activeElement === document.body) {
                endedActionsRef.current?.querySelector<HTMLElement>('a, button')?.focus();
              }
            }, 0);
          }}
        />
      )}
      {listening && (
        <FeedbackModal
          open={feedbackOpen}
          sessionId={sessionId}
          partnerName={partnerName ?? (myRole === 'sharer' ? 'your listener' : 'your sharer')}
          rating={myRole === 'listener' ? 'sharer' : 'listener'}
          onClose={() => {
            setFeedbackAsked(false);
            setFeedbackDismissed(true);
          }}
          onDone={feedbackFinished}
        />
      )}
    </section>
  );
}
