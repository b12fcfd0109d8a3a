import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { controlClasses, FieldError } from '../../components/ui/Field';
import { renderMarkdown } from './markdown';
import { proseClasses } from './prose';

type Tab = 'write' | 'preview';

/**
 * A Markdown text area with a Preview tab that shows the text exactly as readers will see it
 * (the same renderer and sanitiser as the article page). Tabs follow the ARIA tabs pattern:
 * arrow keys move between them.
 */
export function MarkdownField({
  label,
  value,
  onChange,
  error,
  maxLength,
  rows = 16,
}: {
  label: string;
  /** The text area's height in lines. */
  rows?: number;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  maxLength?: number;
}) {
  const id = useId();
  const [tab, setTab] = useState<Tab>('write');
  const preview = useMemo(() => (tab === 'preview' ? renderMarkdown(value) : ''), [tab, value]);
  const tabs: { key: Tab; label: string }[] = [
    { key: 'write', label: 'Write' },
    { key: 'preview', label: 'Preview' },
  ];

  /** A tab's panel: named by its tab, shown while that tab is selected. */
  const panelProps = (key: Tab) => ({
    id: `${id}-panel-${key}`,
    role: 'tabpanel',
    'aria-labelledby': `${id}-tab-${key}`,
    hidden: tab !== key,
  });

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Tab = tab === 'write' ? 'preview' : 'write';
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={`${id}-text`} className="font-semibold text-ink">
          {label}
        </label>
        <div role="tablist" aria-label={`${label}: write or preview`} className="flex gap-1">
          {tabs.map((item) => (
            <button
              key={item.key}
              id={`${id}-tab-${item.key}`}
              type="button"
              role="tab"
              aria-selected={tab === item.key}
              aria-controls={`${id}-panel-${item.key}`}
              tabIndex={tab === item.key ? 0 : -1}
              onKeyDown={onTabKey}
              onClick={() => setTab(item.key)}
              className={`min-h-11 border-b-4 px-3 font-semibold ${
                tab === item.key
                  ? 'border-primary-strong text-primary-stronger'
                  : 'border-transparent text-ink hover:bg-primary-soft'
              }`}
            >
              {item.label}
            </button>
          ))}
        </div>
      </div>
      <div {...panelProps('write')}>
        <textarea
          id={`${id}-text`}
          value={value}
          rows={rows}
          maxLength={maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(event) => onChange(event.target.value)}
          className={`${controlClasses} resize-y font-mono text-base leading-relaxed`}
        />
      </div>
      <div
        {...panelProps('preview')}
        tabIndex={0}
        className="min-h-48 rounded-lg border border-line bg-raised p-4"
      >
        {tab === 'preview' &&
          (value.trim() ? (
            <div
              className={proseClasses}
              data-markdown-preview
              dangerouslySetInnerHTML={{ __html: preview }}
            />
          ) : (
            <p className="text-muted">Nothing to preview yet.</p>
          ))}
      </div>
      <p id={`${id}-hint`} className="text-sm text-muted">
        Markdown: **bold**, _italic_, ## a heading, - a list, [a link](https://…). HTML is shown as
        text.
      </p>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}
