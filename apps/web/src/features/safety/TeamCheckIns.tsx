import type { WellbeingCheckInEvent } from '@kindred/protocol';
import { safeActionUrl } from '../conversations/format';

/** Messages from the Kindred team about this chat (`wellbeing_check_in`), clearly theirs. */
export function TeamCheckIns({ checkIns }: { checkIns: readonly WellbeingCheckInEvent[] }) {
  if (checkIns.length === 0) return null;
  return (
    <section
      aria-label="From the Kindred team"
      className="mx-2 mb-2 flex max-h-[30vh] flex-col gap-2 overflow-y-auto rounded-xl border border-primary-strong bg-primary-soft p-3 text-sm sm:mx-3"
    >
      {checkIns.map((checkIn) => {
        const resource = checkIn.resource_url ? safeActionUrl(checkIn.resource_url) : null;
        return (
          <div key={`${checkIn.item_id}-${checkIn.sent_at}`} className="flex flex-col gap-1">
            <p className="font-semibold">From the Kindred team</p>
            <p className="whitespace-pre-wrap">{checkIn.text}</p>
            {resource && (
              <a href={resource} target="_blank" rel="noopener noreferrer">
                Open the resource they sent
              </a>
            )}
          </div>
        );
      })}
    </section>
  );
}
