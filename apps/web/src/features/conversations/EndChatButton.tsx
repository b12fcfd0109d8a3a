import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { activeSessionQueryKey, endChatSession } from '../listening/listening-api';
import { meQueryKey } from '../identity/me-query';
import { updateConversation } from './chat-store';
import { applyEndedInfo } from './conversation-state';

/** "End chat" in the chat header, with seed 000's confirmation. */
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
  const [ending, setEnding] = useState(false);
  const [error, setError] = useState<string | null>(null);

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

  async function endChat() {
    setEnding(true);
    setError(null);
    try {
      await endChatSession(sessionId);
      markEnded();
      setConfirming(false);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'SESSION_NOT_ACTIVE') {
        markEnded();
        setConfirming(false);
      } else {
        setError(errorMessage(failure));
      }
    } finally {
      setEnding(false);
    }
  }

  if (ended) return null;
  return (
    <>
      <Button
        variant="secondary"
        aria-haspopup="dialog"
        onClick={() => {
          setError(null);
          setConfirming(true);
        }}
      >
        End chat
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} title="End this chat?">
        <p>Are you sure you want to end this chat? You won't be able to send more messages.</p>
        {error && (
          <p role="alert" className="font-medium text-danger-text">
            {error}
          </p>
        )}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" busy={ending} onClick={() => void endChat()}>
            End chat
          </Button>
        </div>
      </Dialog>
    </>
  );
}
