import type { Slot } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ListStates } from '../../components/ui/ListStates';
import { slotsQueryOptions } from './appointments-api';
import { formatLocalDate, formatTime, zoneLabel } from './time-format';

/** How far ahead free slots are looked for (the server caps a request at 42 days). */
const DAYS_AHEAD = 35;

/** Free slots by the viewer's local day, days in order. */
function byDay(slots: Slot[]): [string, Slot[]][] {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = slot.local_date ?? slot.start.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days.entries()];
}

/**
 * Pick a day, then one of the listener's free slots on it, all in the viewer's zone (named).
 * Used to book and to reschedule.
 */
export function SlotPicker({
  listenerId,
  zone,
  selected,
  onSelect,
}: {
  listenerId: string;
  zone: string;
  selected: Slot | null;
  onSelect: (slot: Slot) => void;
}) {
  const query = useQuery(slotsQueryOptions(listenerId, zone, DAYS_AHEAD));
  const days = byDay(query.data?.slots ?? []);
  const [chosenDay, setDay] = useState<string | null>(null);
  const day = chosenDay ?? days[0]?.[0] ?? null;
  const daySlots = days.find(([d]) => d === day)?.[1] ?? [];
  const slotsLabel = useId();

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-muted">
        Times are shown in your time zone, <strong>{zoneLabel(zone)}</strong>.
      </p>
      <ListStates
        query={query}
        loading="Looking for free times…"
        isEmpty={days.length === 0}
        empty={<p>There are no free times in the next {DAYS_AHEAD} days.</p>}
        listLabel="Days with free times"
        listClassName="flex flex-wrap gap-2"
      >
        {days.map(([d, slots]) => (
          <li key={d}>
            <Button
              variant={d === day ? 'primary' : 'secondary'}
              aria-pressed={d === day}
              onClick={() => setDay(d)}
            >
              {formatLocalDate(d)}
              <span className="sr-only">, {slots.length} free</span>
            </Button>
          </li>
        ))}
      </ListStates>
      {day && daySlots.length > 0 && (
        <fieldset className="flex flex-col gap-2">
          <legend id={slotsLabel} className="font-semibold">
            Free times on {formatLocalDate(day)} ({zoneLabel(zone, daySlots[0]!.start)})
          </legend>
          <ul aria-labelledby={slotsLabel} className="flex flex-wrap gap-2">
            {daySlots.map((slot) => {
              const isSelected =
                selected?.start === slot.start &&
                selected.duration_minutes === slot.duration_minutes;
              return (
                <li key={`${slot.start}-${slot.duration_minutes}`}>
                  <Button
                    variant={isSelected ? 'primary' : 'secondary'}
                    aria-pressed={isSelected}
                    onClick={() => onSelect(slot)}
                  >
                    {formatTime(slot.start, zone)}–{formatTime(slot.end, zone)}
                    <span className="sr-only">, {slot.duration_minutes} minutes</span>
                  </Button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
    </div>
  );
}
