import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/Dialog';
import { ApiError } from '../../lib/api';
import { useAsyncAction } from '../../lib/use-async-action';
import { activeSessionQueryKey, endChatSession } from '../listening/listening-api';
import { meQueryKey } from '../identity/me-query';
import { updateConversation } from './chat-store';
import { applyEndedInfo } from './conversation-state';

/** "End chat" in the chat header, with the listening contract's confirmation. */
export function EndChatButton({
  sessionId,
  myId,
  myRole,
  ended,
}: {
  sessionId: string;
  myId: string;
  myRole: 'sharer' | 'listener' | null;
  ended: boolean;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const ending = useAsyncAction();

  function markEnded() {
    // `chat_ended` says the same a moment later (and wins if it says more).
    updateConversation(sessionId, (s) =>
      applyEndedInfo(
        s,
        { ended_by: myId, feedback_required: myRole === 'sharer', reason: 'ended' },
        'local',
      ),
    );
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
    void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
  }

  const endChat = () =>
    ending.run(async () => {
      try {
        await endChatSession(sessionId);
      } catch (failure) {
        // Ended already (by the other person, or on another device): the same for this one.
        if (!(failure instanceof ApiError && failure.code === 'SESSION_NOT_ACTIVE')) throw failure;
      }
      markEnded();
      setConfirming(false);
    });

  if (ended) return null;
  return (
    <>
      <Button
        variant="secondary"
        aria-haspopup="dialog"
        onClick={() => {
          ending.setError(null);
          setConfirming(true);
        }}
      >
        End chat
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="End this chat?"
        error={ending.error}
        confirm={{ label: 'End chat', busy: ending.busy, onClick: () => void endChat() }}
      >
        <p>Are you sure you want to end this chat? You won't be able to send more messages.</p>
      </ConfirmDialog>
    </>
  );
}
