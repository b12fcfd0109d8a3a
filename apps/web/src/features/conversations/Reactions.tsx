import { reactionEmojis, type ChatMessage } from '@kindred/protocol';
import { FaceSmileIcon } from '../../components/ui/icons';
import { showToast } from '../../components/ui/toast-store';
import { toggleReaction, type ReactionEmoji } from './chat-actions';
import { Popover } from './Popover';

/** Spoken names: screen readers name emojis inconsistently. */
export const reactionNames: Record<ReactionEmoji, string> = {
  '❤️': 'Heart',
  '👍': 'Thumbs up',
  '🤗': 'Hug',
  '🙏': 'Thank you',
  '😢': 'Sad',
  '😊': 'Smile',
};

const isReactionEmoji = (emoji: string): emoji is ReactionEmoji => emoji in reactionNames;

async function toggle(message: ChatMessage, emoji: ReactionEmoji) {
  const failure = await toggleReaction(message.session_id, message.id, emoji);
  if (failure) showToast(failure.error, 'error');
}

/** The small "Add a reaction" button that opens the six emojis. */
export function ReactionPicker({ message, myId }: { message: ChatMessage; myId: string }) {
  const mine = (emoji: string) =>
    message.reactions.some((r) => r.emoji === emoji && r.user_ids.includes(myId));
  return (
    <Popover
      label="Add a reaction"
      trigger={<FaceSmileIcon className="size-5" />}
      align="start"
      panelClassName="grid w-max grid-cols-3"
    >
      {(close) =>
        reactionEmojis.map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={reactionNames[emoji]}
            aria-pressed={mine(emoji)}
            title={reactionNames[emoji]}
            onClick={() => {
              close();
              void toggle(message, emoji);
            }}
            className="inline-flex size-11 items-center justify-center rounded-lg text-xl hover:bg-surface aria-pressed:bg-primary-soft"
          >
            <span aria-hidden="true">{emoji}</span>
          </button>
        ))
      }
    </Popover>
  );
}

/** Counts under a message; each one toggles the user's own reaction. */
export function ReactionCounts({ message, myId }: { message: ChatMessage; myId: string }) {
  const shown = message.reactions.filter((r) => r.count > 0 && isReactionEmoji(r.emoji));
  if (shown.length === 0) return null;
  return (
    <ul
      aria-label="Reactions"
      className={`flex flex-wrap gap-1 ${message.is_own_message ? 'justify-end' : ''}`}
    >
      {shown.map((reaction) => {
        const emoji = reaction.emoji as ReactionEmoji;
        const mine = reaction.user_ids.includes(myId);
        return (
          <li key={emoji}>
            <button
              type="button"
              aria-pressed={mine}
              aria-label={`${reactionNames[emoji]}, ${reaction.count}`}
              onClick={() => void toggle(message, emoji)}
              className={`inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-full border px-2 text-sm font-semibold ${
                mine
                  ? 'border-primary-strong bg-primary-soft text-primary-stronger'
                  : 'border-line bg-raised text-ink hover:bg-surface'
              }`}
            >
              <span aria-hidden="true">{emoji}</span>
              <span aria-hidden="true">{reaction.count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
