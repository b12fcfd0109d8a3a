import { useQuery } from '@tanstack/react-query';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { useFirstFrameDrawn } from '../../lib/first-frame';
import { activeSessionQueryOptions, chatPathFor } from './listening-api';

/** "You're in a chat with …" with a way back to it, when the user has an active session. */
export function ActiveChatBanner() {
  // Asked once the page around it is drawn: the dashboard's first screen does not wait for it.
  const drawn = useFirstFrameDrawn();
  const { data } = useQuery({
    ...activeSessionQueryOptions,
    refetchOnWindowFocus: true,
    enabled: drawn,
  });
  if (!data?.session_id) return null;
  return (
    <div className="flex flex-col items-start gap-3 rounded-xl border border-primary bg-primary-soft p-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-primary-stronger">
        <strong>You're in a chat with {data.partner.pseudonym}.</strong>{' '}
        {data.user_role === 'sharer'
          ? 'You can go back to it at any time.'
          : 'They are waiting for you.'}
      </p>
      <ButtonLink to={chatPathFor(data)}>Go to your chat</ButtonLink>
    </div>
  );
}
