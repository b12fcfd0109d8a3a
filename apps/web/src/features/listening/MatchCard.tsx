import { ButtonLink } from '../../components/ui/ButtonLink';
import type { ListenerMatch } from '@kindred/protocol';
import { useId, useState } from 'react';
import { Avatar } from '../../components/ui/Avatar';
import { Button } from '../../components/ui/Button';
import { bioPreview, chatCountLabel, ratingLabel } from './matching';
import { TopicList } from '../../components/ui/TopicList';

/**
 * One suggested listener (the listening contract's "Match Card"): who they are, what they talk
 * about, Connect.
 */
export function MatchCard({
  match,
  unavailable,
  connecting,
  disabled,
  onConnect,
}: {
  match: ListenerMatch;
  /** The listener went away while this card was shown. */
  unavailable: boolean;
  /** Connecting to this listener now. */
  connecting: boolean;
  /** Another card is connecting. */
  disabled: boolean;
  onConnect: () => void;
}) {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const preview = bioPreview(match.bio);
  const bio = expanded ? match.bio.trim() : preview.text;

  return (
    <article
      aria-labelledby={`${id}-name`}
      className={`flex h-full flex-col gap-3 rounded-xl border p-4 sm:p-5 ${
        unavailable ? 'border-line bg-surface' : 'border-line bg-raised'
      }`}
    >
      <div className="flex items-center gap-3">
        <Avatar url={match.profile_picture_url} pseudonym={match.pseudonym} className="size-12" />
        <div className="min-w-0">
          <h3 id={`${id}-name`} className="truncate text-xl">
            {match.pseudonym}
          </h3>
          <p className="text-sm text-muted">
            {match.listener_rating === null ? (
              ratingLabel(null)
            ) : (
              <>
                <span aria-hidden="true" className="text-warning-text">
                  ★
                </span>{' '}
                <span className="sr-only">Rated </span>
                {ratingLabel(match.listener_rating)}
                <span className="sr-only"> out of 5</span>
              </>
            )}
            <span aria-hidden="true"> · </span>
            <span className="sr-only">, </span>
            {chatCountLabel(match.listener_total_chats)}
          </p>
        </div>
      </div>

      {bio && (
        <div className="flex flex-col items-start gap-1">
          <p id={`${id}-bio`} className="break-words" data-user-text>
            {bio}
          </p>
          {preview.cut && (
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={`${id}-bio`}
              onClick={() => setExpanded((was) => !was)}
              className="min-h-11 rounded-lg px-1 font-semibold text-primary-strong underline hover:bg-primary-soft"
            >
              {expanded ? 'Show less' : 'Read more'}
              <span className="sr-only"> about {match.pseudonym}</span>
            </button>
          )}
        </div>
      )}

      <TopicList
        topics={match.listener_topics}
        gap="gap-2"
        itemClassName="rounded-full bg-primary-soft px-3 py-1 text-sm text-primary-stronger"
      />
      {match.languages.length > 0 && (
        <p className="text-sm text-muted">Speaks {match.languages.join(', ')}</p>
      )}

      <div className="mt-auto flex flex-col gap-2 pt-1">
        {unavailable && (
          <p className="text-sm font-semibold text-warning-text">No longer available</p>
        )}
        <Button
          onClick={onConnect}
          busy={connecting}
          disabled={unavailable || disabled}
          className="w-full"
        >
          {connecting ? 'Connecting…' : 'Connect'}
          <span className="sr-only"> with {match.pseudonym}</span>
        </Button>
        <ButtonLink to={`/listeners/${match.id}/book`} variant="secondary" className="w-full">
          Book a session<span className="sr-only"> with {match.pseudonym}</span>
        </ButtonLink>
      </div>
    </article>
  );
}
