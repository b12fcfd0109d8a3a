import type { ConversationState } from './conversation-state';

/** "CaringListener is typing…" above the input, while typing events keep coming. */
export function TypingIndicator({ typing }: { typing: ConversationState['typing'] }) {
  const names = Object.values(typing).map((t) => t.pseudonym);
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? `${names[0]} is typing…`
        : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
  return <p className="min-h-6 px-4 text-sm text-muted italic">{text}</p>;
}
