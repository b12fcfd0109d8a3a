import type {
  AvailabilityRule,
  BookingAvailability,
  TimeOff,
  UpdateBookingAvailabilityBody,
} from '@kindred/protocol';
import { TitledSection } from '../../components/ui/Card';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { Form, FormSubmit } from '../../components/ui/Form';
import { SelectField } from '../../components/ui/SelectField';
import { Switch } from '../../components/ui/Switch';
import { TextField } from '../../components/ui/TextField';
import { showToast } from '../../components/ui/toast-store';
import { useAsyncAction } from '../../lib/use-async-action';
import { usePageTitle } from '../../lib/use-page-title';
import { QueryState } from '../admin/QueryState';
import { availabilityQueryOptions, saveAvailability } from './appointments-api';
import { TimeZoneSelect } from './TimeZoneSelect';
import { formatDay, localDate, zonedInstant } from './time-format';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const lengths = [30, 45, 50, 60, 90];

/** The limits kept in whole minutes or days; `unit`: how many of them the field's number is. */
const limitFields = [
  { key: 'buffer_minutes', label: 'Break between sessions (minutes)', min: 0, unit: 1 },
  { key: 'min_notice_minutes', label: 'Minimum notice (hours)', min: 0, unit: 60 },
  { key: 'horizon_days', label: 'Bookable up to (days ahead)', min: 1, unit: 1 },
] as const;

/** A number field; while it is empty, its number is `min`. */
function NumberField(props: {
  label: string;
  min: number;
  value: number;
  onNumber: (value: number) => void;
}) {
  const { label, min, value, onNumber } = props;
  return (
    <TextField
      type="number"
      min={min}
      label={label}
      value={value}
      onChange={(event) =>
        onNumber(event.target.value.trim() === '' ? min : Number(event.target.value))
      }
    />
  );
}

function Editor({ saved }: { saved: BookingAvailability }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<BookingAvailability>(saved);
  const [offStart, setOffStart] = useState('');
  const [offEnd, setOffEnd] = useState('');
  const action = useAsyncAction();
  const set = <K extends keyof BookingAvailability>(key: K, value: BookingAvailability[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setRule = (index: number, change: Partial<AvailabilityRule>) =>
    set(
      'rules',
      form.rules.map((r, i) => (i === index ? { ...r, ...change } : r)),
    );

  function addTimeOff() {
    if (!offStart || !offEnd || offEnd < offStart) return;
    const next = new Date(Date.parse(`${offEnd}T00:00:00Z`) + 86_400_000).toISOString();
    const off: TimeOff = {
      start: zonedInstant(offStart, '00:00', form.time_zone),
      end: zonedInstant(next.slice(0, 10), '00:00', form.time_zone),
    };
    set('time_off', [...form.time_off, off]);
    setOffStart('');
    setOffEnd('');
  }

  async function save() {
    await action.run(async () => {
      const body: UpdateBookingAvailabilityBody = {
        time_zone: form.time_zone,
        accepts_bookings: form.accepts_bookings,
        bookings_from: form.bookings_from,
        rules: form.rules,
        time_off: form.time_off,
        durations: form.durations,
        buffer_minutes: form.buffer_minutes,
        min_notice_minutes: form.min_notice_minutes,
        horizon_days: form.horizon_days,
        daily_cap: form.daily_cap,
      };
      const result = await saveAvailability(body);
      queryClient.setQueryData(availabilityQueryOptions.queryKey, result);
      setForm(result);
      showToast('Your availability is saved', 'success');
    });
  }

  return (
    <Form className="flex flex-col gap-6" onSubmit={save}>
      <TitledSection
        headingId="bookings-heading"
        title="Bookings"
        className="flex max-w-xl flex-col gap-3"
      >
        <Switch
          label="Accept bookings"
          description={
            form.bookable ? 'Sharers can book you now.' : 'Sharers cannot book you at the moment.'
          }
          checked={form.accepts_bookings}
          onChange={(event) => set('accepts_bookings', event.target.checked)}
        />
        <SelectField
          label="Who may book"
          value={form.bookings_from}
          onChange={(event) =>
            set('bookings_from', event.target.value as BookingAvailability['bookings_from'])
          }
        >
          <option value="partners">People I had a listening session with</option>
          <option value="anyone">Anyone signed in</option>
        </SelectField>
        <TimeZoneSelect
          label="Time zone of the weekly hours"
          value={form.time_zone}
          onChange={(event) => set('time_zone', event.target.value)}
        />
      </TitledSection>

      <fieldset className="flex flex-col gap-3">
        <legend className="text-2xl">Weekly hours ({form.time_zone})</legend>
        {weekdays.map((name, w) => {
          const weekday = w + 1;
          return (
            <div key={name} className="flex flex-col gap-2 border-b border-line pb-3">
              <h3 className="font-semibold">{name}</h3>
              {form.rules.every((r) => r.weekday !== weekday) && (
                <p className="text-sm text-muted">Not available</p>
              )}
              {form.rules.map((rule, index) =>
                rule.weekday !== weekday ? null : (
                  <div key={index} className="flex flex-wrap items-end gap-2">
                    <TextField
                      type="time"
                      label={`${name} from`}
                      value={rule.start}
                      onChange={(event) => setRule(index, { start: event.target.value })}
                    />
                    <TextField
                      type="time"
                      label={`${name} until`}
                      value={rule.end === '24:00' ? '23:59' : rule.end}
                      onChange={(event) => setRule(index, { end: event.target.value })}
                    />
                    <Button
                      variant="ghost"
                      aria-label={`Remove ${name} ${rule.start}–${rule.end}`}
                      onClick={() =>
                        set(
                          'rules',
                          form.rules.filter((_, i) => i !== index),
                        )
                      }
                    >
                      Remove
                    </Button>
                  </div>
                ),
              )}
              <div>
                <Button
                  variant="secondary"
                  onClick={() =>
                    set('rules', [...form.rules, { weekday, start: '18:00', end: '20:00' }])
                  }
                >
                  Add hours on {name}
                </Button>
              </div>
            </div>
          );
        })}
      </fieldset>

      <fieldset className="flex max-w-xl flex-col gap-2">
        <legend className="text-2xl">Session lengths</legend>
        {lengths.map((minutes) => (
          <Checkbox
            key={minutes}
            label={`${minutes} minutes`}
            checked={form.durations.includes(minutes)}
            onChange={(event) =>
              set(
                'durations',
                event.target.checked
                  ? [...form.durations, minutes].sort((a, b) => a - b)
                  : form.durations.filter((d) => d !== minutes),
              )
            }
          />
        ))}
      </fieldset>

      <TitledSection
        headingId="limits-heading"
        title="Limits"
        className="flex max-w-xl flex-col gap-3"
      >
        {limitFields.map(({ key, label, min, unit }) => (
          <NumberField
            key={key}
            label={label}
            min={min}
            value={form[key] / unit}
            onNumber={(value) => set(key, unit === 1 ? value : Math.round(value * unit))}
          />
        ))}
        <TextField
          type="number"
          min={1}
          label="At most this many sessions a day"
          hint="Leave empty for no limit."
          value={form.daily_cap ?? ''}
          onChange={(event) =>
            set('daily_cap', event.target.value.trim() === '' ? null : Number(event.target.value))
          }
        />
      </TitledSection>

      <TitledSection
        headingId="off-heading"
        title="Time off"
        className="flex max-w-xl flex-col gap-3"
      >
        {form.time_off.length === 0 ? (
          <p className="text-sm text-muted">No time off planned.</p>
        ) : (
          <ul aria-label="Time off" className="flex flex-col gap-2">
            {form.time_off.map((off, index) => (
              <li key={off.start} className="flex flex-wrap items-center gap-2">
                <span>
                  {formatDay(off.start, form.time_zone)} –{' '}
                  {formatDay(new Date(Date.parse(off.end) - 1).toISOString(), form.time_zone)}
                </span>
                <Button
                  variant="ghost"
                  onClick={() =>
                    set(
                      'time_off',
                      form.time_off.filter((_, i) => i !== index),
                    )
                  }
                >
                  Remove
                  <span className="sr-only">
                    {' '}
                    time off from {localDate(off.start, form.time_zone)}
                  </span>
                </Button>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap items-end gap-2">
          <TextField
            type="date"
            label="Off from"
            value={offStart}
            onChange={(event) => setOffStart(event.target.value)}
          />
          <TextField
            type="date"
            label="Off until (included)"
            value={offEnd}
            onChange={(event) => setOffEnd(event.target.value)}
          />
          <Button variant="secondary" onClick={addTimeOff}>
            Add time off
          </Button>
        </div>
      </TitledSection>

      <FormSubmit error={action.error} busy={action.busy}>
        Save availability
      </FormSubmit>
    </Form>
  );
}

/** /listener/availability: when sharers may book the listener, and on what terms. */
export function AvailabilityPage() {
  usePageTitle('My availability');
  const query = useQuery(availabilityQueryOptions);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl">My availability</h1>
      <QueryState query={query} loading="Loading your availability…">
        {(saved) => <Editor saved={saved} />}
      </QueryState>
    </div>
  );
}
