import { useEffect, useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, DialogForm } from '../../components/ui/Dialog';
import { CharacterCount, controlClasses, FieldLabel } from '../../components/ui/Field';
import { FormAlert } from '../../components/ui/FormAlert';
import { showToast } from '../../components/ui/toast-store';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { sendFeedback } from './listening-api';
import { StarRating } from './StarRating';

export const COMMENT_MAX = 500;
/**
 * The listening contract: after this long "Skip" becomes the prominent choice (the person may have
 * left).
 */
export const SKIP_PROMINENT_AFTER_MS = 30_000;

/** How the feedback step ended: sent (or not needed any more), or skipped. */
export type FeedbackOutcome = 'sent' | 'skipped';

/**
 * The listening contract's "Feedback Modal": an overall rating from 1 to 5 stars and an optional
 * comment.
 */
export function FeedbackModal({
  open,
  sessionId,
  partnerName,
  rating,
  onClose,
  onDone,
}: {
  open: boolean;
  sessionId: string;
  partnerName: string;
  /** Who is rated: changes the wording only. */
  rating: 'listener' | 'sharer';
  /** Escape: closes the modal and stays on the ended chat. */
  onClose: () => void;
  onDone: (outcome: FeedbackOutcome) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="How was your experience?">
      <FeedbackForm
        sessionId={sessionId}
        partnerName={partnerName}
        rating={rating}
        onDone={onDone}
      />
    </Dialog>
  );
}

function FeedbackForm({
  sessionId,
  partnerName,
  rating: rated,
  onDone,
}: {
  sessionId: string;
  partnerName: string;
  rating: 'listener' | 'sharer';
  onDone: (outcome: FeedbackOutcome) => void;
}) {
  const id = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [ratingError, setRatingError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [skipProminent, setSkipProminent] = useState(false);

  useEffect(() => {
    const timer = window.setTimeout(() => setSkipProminent(true), SKIP_PROMINENT_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, []);

  const tooLong = comment.length > COMMENT_MAX;

  async function submit() {
    if (sending) return;
    if (rating === null) {
      setRatingError('Choose from 1 to 5 stars, or skip.');
      return;
    }
    if (tooLong) return;
    setSending(true);
    setFormError(null);
    try {
      const text = comment.trim();
      await sendFeedback({
        chat_session_id: sessionId,
        rating,
        ...(text ? { comment: text } : {}),
      });
      showToast('Thank you for your feedback.', 'success');
      onDone('sent');
    } catch (error) {
      setSending(false);
      if (error instanceof ApiError) {
        if (error.code === 'FEEDBACK_ALREADY_SUBMITTED') {
          showToast("You've already sent feedback for this chat. Thank you.", 'info');
          onDone('sent');
          return;
        }
        if (error.code === 'FEEDBACK_NOT_ALLOWED') {
          showToast(
            `${partnerName} isn't taking feedback at the moment. Thank you all the same.`,
            'info',
          );
          onDone('sent');
          return;
        }
      }
      setFormError(errorMessage(error));
    }
  }

  return (
    <DialogForm onSubmit={submit}>
      <p>
        {rated === 'listener'
          ? `Your feedback helps ${partnerName} and everyone at Kindred. It's anonymous.`
          : `How did your chat with ${partnerName} go? Your feedback is anonymous.`}
      </p>
      <StarRating
        legend="Overall rating"
        value={rating}
        onChange={(value) => {
          setRating(value);
          setRatingError(null);
        }}
        error={ratingError}
      />
      <div className="flex flex-col gap-1">
        <FieldLabel htmlFor={`${id}-comment`}>Additional comments (optional)</FieldLabel>
        <textarea
          id={`${id}-comment`}
          rows={3}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          aria-describedby={`${id}-count`}
          aria-invalid={tooLong || undefined}
          className={`${controlClasses} resize-y`}
        />
        <CharacterCount
          id={`${id}-count`}
          length={comment.length}
          max={COMMENT_MAX}
          className="self-end text-sm"
        >
          {tooLong && <span> (too long)</span>}
        </CharacterCount>
      </div>
      <FormAlert message={formError} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
        <Button
          variant={skipProminent ? 'primary' : 'ghost'}
          onClick={() => onDone('skipped')}
          disabled={sending}
        >
          Skip
        </Button>
        <Button type="submit" variant={skipProminent ? 'secondary' : 'primary'} busy={sending}>
          Send feedback
        </Button>
      </div>
    </DialogForm>
  );
}
