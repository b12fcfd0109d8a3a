import {
  type WellbeingItem,
  wellbeingItemResponseSchema,
  wellbeingListSchema,
} from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { SelectField } from '../../components/ui/SelectField';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { apiJson, getJson } from '../../lib/api';
import { useAsyncAction } from '../../lib/use-async-action';
import { FIND_A_HELPLINE } from '../conversations/help-lines';
import { useMe } from '../identity/me-query';
import { adminQueryKey } from './admin-api';
import { formatAge, formatDateTime } from './admin-format';
import { useAdminTitle } from './AdminLayout';
import { QueryState } from './QueryState';
import { markAlertSeen, useWellbeingAlerts } from './wellbeing-alerts';
import { TitledSection } from '../../components/ui/Card';

const wellbeingQueryKey = [...adminQueryKey, 'wellbeing'] as const;

const CHECK_IN_TEXT =
  'Hi, this is the Kindred team. We saw your chat and wanted to check in: how are you doing ' +
  "right now? You don't have to go through this alone.";

/** Resources a check-in can carry (the finder works in every country). */
const RESOURCES = [
  { label: 'No resource', url: '' },
  { label: 'Find a helpline (findahelpline.com)', url: FIND_A_HELPLINE },
] as const;

const severityText = (severity: number) => (severity >= 3 ? 'Urgent' : 'High');
const categoryText = (item: WellbeingItem) =>
  item.source === 'escalation'
    ? 'Someone in the chat asked for help'
    : item.category === 'self_harm'
      ? 'Self-harm wording'
      : item.category;
const stateText = { open: 'Open', acknowledged: 'Acknowledged', closed: 'Closed' } as const;
const actionText = {
  check_in: 'Check-in sent',
  resource: 'Resource sent',
  note: 'Note',
  debrief: "Listener's debrief",
} as const;

/** Most severe first, then the longest wait (the server's queue order). */
function queueOrder(a: WellbeingItem, b: WellbeingItem): number {
  return b.severity - a.severity || a.created_at.localeCompare(b.created_at);
}

/** What the server listed, with what arrived live since (the server's copy wins once it has one). */
function merged(listed: readonly WellbeingItem[], live: readonly WellbeingItem[]) {
  const byId = new Map<string, WellbeingItem>();
  for (const item of live) if (item.state !== 'closed') byId.set(item.id, item);
  for (const item of listed) byId.set(item.id, item);
  return [...byId.values()].filter((item) => item.state !== 'closed').sort(queueOrder);
}

type Form = 'check-in' | 'note' | 'close' | null;

function ItemCard({ item, isNew, myId }: { item: WellbeingItem; isNew: boolean; myId: string }) {
  const queryClient = useQueryClient();
  const action = useAsyncAction<string>();
  const [form, setForm] = useState<Form>(null);
  const [text, setText] = useState('');
  const [resource, setResource] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const headingId = `wellbeing-${item.id}`;
  const who = item.user_pseudonym ?? 'a deleted account';

  function post(path: string, body: object | undefined, key: string, doneText: string) {
    return action.run(async () => {
      const { item: after } = await apiJson(
        'POST',
        `/admin/wellbeing/${item.id}/${path}`,
        wellbeingItemResponseSchema,
        body ? { body } : {},
      );
      markAlertSeen(item.id);
      useWellbeingAlerts.setState((s) => ({
        live: s.live.map((i) => (i.id === after.id ? after : i)),
      }));
      setForm(null);
      setDone(doneText);
      await queryClient.invalidateQueries({ queryKey: wellbeingQueryKey });
    }, key);
  }

  function open(next: Form) {
    setForm(next);
    setDone(null);
    action.setError(null);
    setText(next === 'check-in' ? CHECK_IN_TEXT : '');
    setResource('');
  }

  /** The props of a button that opens the form `name`, or closes it when it is open. */
  const toggles = (name: NonNullable<Form>) => ({
    'aria-expanded': form === name,
    onClick: () => open(form === name ? null : name),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (form === 'check-in') {
      void post(
        'check-in',
        { text, ...(resource ? { resource_url: resource } : {}) },
        'check-in',
        `Check-in sent to ${who}`,
      );
    } else if (form === 'note') {
      void post('note', { text }, 'note', 'Note added');
    } else if (form === 'close') {
      void post('close', text.trim() ? { text } : {}, 'close', 'Closed');
    }
  }

  const acknowledged = item.acknowledged_by
    ? `Acknowledged by ${item.acknowledged_by === myId ? 'you' : 'a team member'} · ${formatDateTime(item.acknowledged_at ?? item.created_at)}`
    : 'Not acknowledged yet';

  return (
    <li>
      <article
        aria-labelledby={headingId}
        className={`flex flex-col gap-3 rounded-xl border bg-raised p-4 ${
          isNew ? 'border-danger' : 'border-line'
        }`}
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id={headingId} className="text-lg font-semibold">
            {categoryText(item)} · {who}
          </h3>
          <span className="text-sm text-muted">{formatAge(item.created_at)}</span>
        </div>
        <p className="flex flex-wrap gap-2 text-sm">
          <span className="rounded-full border border-danger bg-danger-soft px-2 py-0.5 font-bold text-danger-text">
            {severityText(item.severity)}
          </span>
          <span className="rounded-full border border-line px-2 py-0.5">
            {stateText[item.state]}
          </span>
          {isNew && (
            <span className="rounded-full bg-primary-soft px-2 py-0.5 font-bold text-primary-stronger">
              New
            </span>
          )}
        </p>
        {item.flagged_text && (
          <blockquote className="rounded-lg bg-surface p-2 whitespace-pre-wrap">
            {item.flagged_text}
          </blockquote>
        )}
        <p className="text-sm">{acknowledged}</p>
        {item.actions.length > 0 && (
          <ul aria-label="What was done" className="flex flex-col gap-1 text-sm">
            {item.actions.map((a) => (
              <li key={`${a.kind}-${a.created_at}`}>
                <strong>{actionText[a.kind]}</strong> ({formatDateTime(a.created_at)}): {a.body}
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap gap-2">
          {item.state === 'open' && (
            <Button
              busy={action.pending === 'acknowledge'}
              disabled={action.busy}
              onClick={() => void post('acknowledge', undefined, 'acknowledge', 'Acknowledged')}
            >
              Acknowledge
            </Button>
          )}
          {item.user_id && (
            <Button variant="secondary" {...toggles('check-in')}>
              Send check-in
            </Button>
          )}
          <Button variant="secondary" {...toggles('note')}>
            Add note
          </Button>
          <Button variant="ghost" {...toggles('close')}>
            Close item
          </Button>
        </div>
        {form && (
          <form onSubmit={submit} className="flex flex-col gap-3" aria-label={`${form} form`}>
            <TextAreaField
              label={
                form === 'check-in'
                  ? `Message to ${who} (from the Kindred team)`
                  : form === 'note'
                    ? 'Note for the team'
                    : 'Closing note (optional)'
              }
              value={text}
              maxLength={form === 'check-in' ? 1000 : 2000}
              required={form !== 'close'}
              onChange={(event) => setText(event.target.value)}
            />
            {form === 'check-in' && (
              <SelectField
                label="Resource to send with it"
                value={resource}
                onChange={(event) => setResource(event.target.value)}
              >
                {RESOURCES.map((r) => (
                  <option key={r.url} value={r.url}>
                    {r.label}
                  </option>
                ))}
              </SelectField>
            )}
            <div className="flex flex-wrap gap-2">
              <Button type="submit" busy={action.pending === form}>
                {form === 'check-in' ? 'Send' : form === 'note' ? 'Save note' : 'Close item'}
              </Button>
              <Button variant="secondary" onClick={() => setForm(null)}>
                Cancel
              </Button>
            </div>
          </form>
        )}
        <FormAlert message={action.error} />
        <p role="status" className="text-sm text-secondary-strong">
          {done}
        </p>
      </article>
    </li>
  );
}

/** /admin/wellbeing: crisis wording and escalations for supportive follow-up, live. */
export function WellbeingTab() {
  useAdminTitle('Wellbeing');
  const { data: me } = useMe();
  const live = useWellbeingAlerts((s) => s.live);
  const unseen = useWellbeingAlerts((s) => s.unseen);
  const query = useQuery({
    queryKey: wellbeingQueryKey,
    queryFn: getJson('/admin/wellbeing?limit=100', wellbeingListSchema),
    refetchInterval: 60_000,
  });
  return (
    <TitledSection
      headingId="wellbeing-heading"
      title="Wellbeing queue"
      className="flex flex-col gap-4"
    >
      <p className="text-muted">
        Self-harm wording and requests for help from chats, most urgent and longest waiting first.
        New items arrive here as they happen. Reach out with care: this is support, not moderation.
      </p>
      <QueryState query={query} loading="Loading the wellbeing queue…">
        {(data) => {
          const items = merged(data.items, live);
          if (items.length === 0) {
            return (
              <p className="rounded-lg bg-surface p-4">
                No one needs follow-up right now. New items will appear here.
              </p>
            );
          }
          return (
            <ul aria-label="Wellbeing items" className="flex flex-col gap-3">
              {items.map((item) => (
                <ItemCard
                  key={item.id}
                  item={item}
                  isNew={unseen.includes(item.id)}
                  myId={me?.id ?? ''}
                />
              ))}
            </ul>
          );
        }}
      </QueryState>
    </TitledSection>
  );
}
