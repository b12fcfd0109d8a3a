import type { MuteBody } from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import { Button } from '../../components/ui/Button';
import { showToast } from '../../components/ui/toast-store';
import { errorMessage } from '../../lib/api-error';
import { useChatStore, useOutboxStore } from '../conversations/chat-store';
import { ChatView } from '../conversations/ChatView';
import { myLastReadSeq, otherMembers } from '../conversations/conversation-state';
import { blockUser } from '../listening/listening-api';
import { GetHelpButton } from '../safety/GetHelpDialog';
import { openReport } from '../safety/report-store';
import {
  ConfirmDialogs,
  ConversationMenu,
  type ConfirmAction,
  type MenuAction,
} from './ConversationMenu';
import {
  archiveConversation,
  clearConversation,
  conversationSummaryQueryOptions,
  conversationsQueryKey,
  muteConversation,
  unarchiveConversation,
  unblockUser,
  unmuteConversation,
} from './direct-api';
import { refreshConversations } from './direct-events';
import { isMuted, mutedText } from './inbox-format';

/**
 * Up to which seq each conversation was cleared on this page (by user and conversation). The server leaves cleared messages
 * out of history and sync; messages this page already holds are hidden by this.
 */
const useClearedStore = create<Record<string, number>>()(() => ({}));

/**
 * What stands where the composer would be when nothing can be sent: why (announced as `role`
 * says), and maybe what to do about it.
 */
function ComposerNotice({
  role,
  textClassName = '',
  action,
  children,
}: {
  role: 'status' | 'alert';
  textClassName?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div
      className={`${action ? 'flex flex-wrap items-center justify-center gap-3 ' : ''}border-t border-line px-4 py-3 text-center`}
    >
      <p role={role} className={`font-semibold ${textClassName}`}>
        {children}
      </p>
      {action}
    </div>
  );
}

/**
 * A direct conversation (/messages/:id): the core chat view, with the conversation menu in the
 * header (mute, archive, clear, report, block) instead of the listening chat's buttons.
 */
export function DirectConversation({
  conversationId,
  myId,
}: {
  conversationId: string;
  myId: string;
}) {
  const queryClient = useQueryClient();
  const summaryQuery = conversationSummaryQueryOptions(conversationId);
  const summary = useQuery(summaryQuery).data ?? null;
  const conversation = useChatStore((s) => s.conversations[conversationId]?.conversation ?? null);
  const member = otherMembers(conversation, myId)[0];
  const partner = member
    ? { id: member.user_id, pseudonym: member.pseudonym }
    : summary
      ? { id: summary.user.id, pseudonym: summary.user.pseudonym }
      : null;

  const clearedKey = `${myId}:${conversationId}`;
  const hideThroughSeq = useClearedStore((cleared) => cleared[clearedKey] ?? 0);
  const [iBlocked, setIBlocked] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState<ConfirmAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const mutedUntil = summary?.muted_until ?? null;
  const archived = summary?.archived ?? false;
  const muted = isMuted({ muted_until: mutedUntil });
  // Blocked by this user (on any of their devices): they may unblock.
  const blocked = iBlocked ?? summary?.blocked_by_me ?? false;
  // The other side blocked this user: the server refused a message, and will refuse the next.
  const refusal = useOutboxStore(
    (store) =>
      store.entries.find(
        (e) =>
          e.session_id === conversationId &&
          e.status === 'failed' &&
          e.error?.code === 'USER_BLOCKED',
      )?.error?.message ?? null,
  );

  // Reading here lowers the unread counts in the inbox and the header.
  const lastRead = myLastReadSeq(conversation, myId);
  useEffect(() => {
    if (lastRead > 0) refreshConversations();
  }, [lastRead]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: conversationsQueryKey });
    } catch (failure) {
      if (confirming) setError(errorMessage(failure));
      else showToast(errorMessage(failure), 'error');
    } finally {
      setBusy(false);
    }
  }

  /** The server's answer updates the menu at once; the refetch after confirms it. */
  const applySettings = (data: { muted_until: string | null; archived: boolean }) =>
    queryClient.setQueryData(summaryQuery.queryKey, (old) =>
      old ? { ...old, muted_until: data.muted_until, archived: data.archived } : old,
    );

  function onAction(action: MenuAction) {
    if (action === 'report') {
      if (partner)
        openReport({ userId: partner.id, pseudonym: partner.pseudonym, sessionId: conversationId });
      return;
    }
    void run(async () => {
      if (action === 'unmute') {
        applySettings((await unmuteConversation(conversationId)).data);
        showToast('Notifications are back on for this conversation');
      } else if (action === 'archive') {
        applySettings((await archiveConversation(conversationId)).data);
        showToast('Archived. You will find it under Messages › Archived.');
      } else {
        applySettings((await unarchiveConversation(conversationId)).data);
        showToast('Moved back to your conversations');
      }
    });
  }

  const mute = (duration: MuteBody['duration']) =>
    void run(async () => {
      const { data } = await muteConversation(conversationId, duration);
      applySettings(data);
      showToast(data.muted_until ? mutedText(data.muted_until) : 'Muted');
    });
  const clear = () =>
    void run(async () => {
      const { data } = await clearConversation(conversationId);
      useClearedStore.setState({ [clearedKey]: data.cleared_before_seq });
      showToast('Chat cleared for you');
    });
  const changeBlock = (block: boolean) =>
    void run(async () => {
      if (!partner) return;
      await (block ? blockUser : unblockUser)(partner.id);
      setIBlocked(block);
      showToast(`${partner.pseudonym} is ${block ? 'blocked' : 'unblocked'}`);
    });
  const block = () => changeBlock(true);
  const unblock = () => changeBlock(false);

  const pseudonym = partner?.pseudonym ?? 'this person';
  const headerActions = (
    <>
      {muted && mutedUntil && (
        <span className="hidden text-sm text-muted md:inline">{mutedText(mutedUntil)}</span>
      )}
      <GetHelpButton compact className="px-2 sm:px-3" />
      {partner && (
        <ConversationMenu
          pseudonym={partner.pseudonym}
          muted={muted}
          archived={archived}
          blocked={blocked}
          onAction={onAction}
          onConfirm={(action) => {
            setError(null);
            setConfirming(action);
          }}
        />
      )}
    </>
  );
  // The other side blocked: say so before anything is typed, calmly, without naming a block.
  const blockedByPartner = !blocked && (summary?.blocked ?? false);
  const unavailableNotice = blockedByPartner ? (
    <ComposerNotice role="status" textClassName="text-muted">
      You can no longer message this person.
    </ComposerNotice>
  ) : undefined;
  const refusedNotice = refusal ? (
    <ComposerNotice role="alert" textClassName="text-danger-text">
      {refusal.replace(/\.$/, '')}. Your message was not sent.
    </ComposerNotice>
  ) : undefined;
  const blockedNotice = blocked ? (
    <ComposerNotice
      role="status"
      action={
        <Button variant="secondary" busy={busy} onClick={unblock}>
          Unblock<span className="sr-only"> {pseudonym}</span>
        </Button>
      }
    >
      You blocked {pseudonym}. You can't message each other.
    </ComposerNotice>
  ) : undefined;

  return (
    <div className="mx-auto flex min-h-0 w-full max-w-3xl flex-1 flex-col">
      <ChatView
        sessionId={conversationId}
        direct
        back={{ to: '/messages', label: 'All messages' }}
        headerActions={headerActions}
        composer={blockedNotice ?? refusedNotice ?? unavailableNotice}
        hideThroughSeq={hideThroughSeq}
        emptyText={blocked || blockedByPartner || refusal ? 'No messages' : undefined}
      />
      <ConfirmDialogs
        open={confirming}
        pseudonym={pseudonym}
        busy={busy}
        error={error}
        onClose={() => setConfirming(null)}
        onMute={mute}
        onClear={clear}
        onBlock={block}
      />
    </div>
  );
}
