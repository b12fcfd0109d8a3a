import { useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { Field, fieldIds } from './Field';
import { CloseIcon } from './icons';

interface TagInputProps {
  label: string;
  value: string[];
  onChange: (tags: string[]) => void;
  onBlur?: () => void;
  hint?: string;
  error?: string;
  maxTags: number;
  maxLength: number;
  placeholder?: string;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A list of short tags. Type and press Enter or comma to add; Backspace in the empty box or a
 * tag's × button removes one. Changes are announced to screen readers.
 */
export function TagInput(props: TagInputProps) {
  const { label, value, onChange, onBlur, hint, error, maxTags, maxLength, placeholder } = props;
  const id = useId();
  const inputRef = useRef<HTMLInputElement | null>(null);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  /** Adds what it can and returns a candidate that was refused for its length, if any. */
  function add(candidates: string[]): string {
    const next = [...value];
    let message: string | null = null;
    let refused = '';
    for (const candidate of candidates) {
      const tag = candidate.trim();
      if (!tag) continue;
      if (tag.length > maxLength) {
        message = `Each entry must be at most ${maxLength} characters.`;
        refused = tag;
      } else if (next.some((existing) => existing.toLowerCase() === tag.toLowerCase())) {
        message = `“${tag}” is already in the list.`;
      } else if (next.length >= maxTags) {
        message = `You can add at most ${maxTags}.`;
      } else {
        next.push(tag);
      }
    }
    setProblem(message);
    if (next.length !== value.length) {
      onChange(next);
      setAnnouncement(`Added ${next.slice(value.length).join(', ')}.`);
    }
    return refused;
  }

  function remove(index: number) {
    const tag = value[index];
    onChange(value.filter((_, i) => i !== index));
    setProblem(null);
    setAnnouncement(`Removed ${tag ?? ''}.`);
    inputRef.current?.focus();
  }

  function handleChange(text: string) {
    if (!text.includes(',')) {
      setDraft(text);
      return;
    }
    const parts = text.split(',');
    const rest = parts.pop() ?? '';
    const refused = add(parts);
    setDraft(refused || rest);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      setDraft(add([draft]));
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      event.preventDefault();
      remove(value.length - 1);
    }
  }

  const shownError = error ?? problem ?? undefined;
  const fullHint = `${hint ? `${hint} ` : ''}Press Enter or comma to add; Backspace removes the last one.`;

  return (
    <Field id={id} label={label} hint={fullHint} error={shownError}>
      <div className="flex flex-wrap items-center gap-2">
        {value.length > 0 && (
          <ul className="flex flex-wrap gap-2">
            {value.map((tag, index) => (
              <li
                key={tag}
                className="inline-flex items-center rounded-full bg-primary-soft pl-3 text-primary-stronger"
              >
                <span className="break-all">{tag}</span>
                <button
                  type="button"
                  onClick={() => remove(index)}
                  aria-label={`Remove ${tag}`}
                  className="inline-flex size-11 items-center justify-center rounded-full text-lg hover:bg-raised"
                >
                  <CloseIcon />
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={id}
          ref={(node) => {
            inputRef.current = node;
            if (typeof props.ref === 'function') props.ref(node);
            else if (props.ref) props.ref.current = node;
          }}
          value={draft}
          onChange={(event) => handleChange(event.target.value)}
          onKeyDown={handleKeyDown}
          onBlur={() => {
            if (draft.trim()) setDraft(add([draft]));
            onBlur?.();
          }}
          placeholder={placeholder}
          enterKeyHint="enter"
          autoComplete="off"
          className="block min-h-11 w-full min-w-0 flex-1 basis-40 rounded-lg border border-control bg-raised px-3 py-2 text-base text-ink placeholder:text-muted aria-[invalid=true]:border-2 aria-[invalid=true]:border-danger"
          {...fieldIds(id, { hint: fullHint, error: shownError })}
        />
      </div>
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </Field>
  );
}
