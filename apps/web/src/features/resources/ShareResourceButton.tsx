import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, DialogActions } from '../../components/ui/Dialog';
import { ListStates } from '../../components/ui/ListStates';
import { useDebouncedValue } from '../admin/use-debounced-value';
import { describeLength, typeInfo } from './format';
import { BookIcon } from './icons';
import { libraryQueryOptions, type ResourceSummary } from './resources-api';

/** The picker's list: the best matches for what was typed, or the most read. */
function PickerResults({
  query,
  onPick,
}: {
  query: string;
  onPick: (resource: ResourceSummary) => void;
}) {
  const trimmed = query.trim();
  const list = useInfiniteQuery(
    libraryQueryOptions({
      q: trimmed,
      type: null,
      topic: null,
      language: null,
      sort: trimmed ? 'relevance' : 'popular',
    }),
  );
  const resources = list.data?.pages[0]?.resources.slice(0, 8) ?? [];
  return (
    <ListStates
      query={list}
      loading="Looking in the library…"
      keepShownOnRefreshError
      isEmpty={resources.length === 0}
      empty={<p className="text-muted">Nothing in the library matches that.</p>}
      listLabel={trimmed ? `Matches for ${trimmed}` : 'Most read'}
      listClassName="flex max-h-[50dvh] flex-col gap-2 overflow-y-auto"
    >
      {resources.map((resource) => {
        const length = describeLength(resource);
        return (
          <li
            key={resource.id}
            className="flex items-center gap-3 rounded-lg border border-line bg-raised p-3"
          >
            <div className="flex min-w-0 flex-1 flex-col">
              <span className="text-sm text-muted">
                <span aria-hidden="true">{typeInfo[resource.type].icon} </span>
                {typeInfo[resource.type].label}
                {length ? ` · ${length}` : ''}
              </span>
              <span className="font-semibold text-ink">{resource.title}</span>
            </div>
            <Button
              variant="secondary"
              aria-label={`Share ${resource.title}`}
              onClick={() => onPick(resource)}
            >
              Share
            </Button>
          </li>
        );
      })}
    </ListStates>
  );
}

/**
 * The composer's "Share a resource" button and its picker: search the library, press Share, and
 * the resource goes into the chat as a card.
 */
export function ShareResourceButton({
  disabled,
  onShare,
}: {
  disabled: boolean;
  onShare: (resource: ResourceSummary) => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const searched = useDebouncedValue(text, 250);
  const trigger = useRef<HTMLButtonElement>(null);
  const id = useId();

  function close() {
    setOpen(false);
    setText('');
    trigger.current?.focus();
  }

  return (
    <>
      <Button
        ref={trigger}
        variant="secondary"
        className="px-3"
        disabled={disabled}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <BookIcon className="size-5" />
        <span className="sr-only">Share a resource</span>
      </Button>
      <Dialog open={open} onClose={close} title="Share a resource">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-q`} className="font-semibold text-ink">
            Search the library
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={text}
            autoFocus
            autoComplete="off"
            placeholder="Try “grounding” or “sleep”"
            onChange={(event) => setText(event.target.value)}
            className="block min-h-11 w-full rounded-lg border border-control bg-raised px-3 py-2 text-base text-ink placeholder:text-muted"
          />
        </div>
        <PickerResults
          query={searched}
          onPick={(resource) => {
            onShare(resource);
            close();
          }}
        />
        <DialogActions onCancel={close} />
      </Dialog>
    </>
  );
}
