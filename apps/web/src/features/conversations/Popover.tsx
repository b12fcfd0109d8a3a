import { useEffect, useRef, type ReactNode } from 'react';
import { useDisclosure } from '../../components/ui/use-disclosure';
import { EllipsisIcon } from '../../components/ui/icons';

interface PopoverProps {
  /** The trigger's accessible name ("Add a reaction", "Message options"). */
  label: string;
  /** What the trigger shows (an icon). */
  trigger: ReactNode;
  /** Which edge of the trigger the panel lines up with. */
  align: 'start' | 'end';
  triggerClassName?: string;
  /** Layout of the panel's buttons. */
  panelClassName?: string;
  children: (close: (restoreFocus?: boolean) => void) => ReactNode;
}

/**
 * A disclosure: a button that shows a small panel of buttons under it. Focus moves into the panel
 * when it opens; Escape, a click outside or tabbing away closes it, and focus returns to the
 * trigger when the panel was closed from the keyboard or by one of its actions.
 */
export function Popover({
  label,
  trigger,
  align,
  triggerClassName = '',
  panelClassName = 'flex flex-col',
  children,
}: PopoverProps) {
  const { open, setOpen, close, panelId, wrapperRef, triggerRef, wrapperProps } = useDisclosure();
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>('button:not([disabled])')?.focus();
  }, [open]);

  return (
    <div ref={wrapperRef} className="relative inline-flex" {...wrapperProps}>
      <button
        ref={triggerRef}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((was) => !was)}
        className={`inline-flex size-11 items-center justify-center rounded-lg text-muted hover:bg-surface hover:text-ink ${triggerClassName}`}
      >
        {trigger}
      </button>
      {open && (
        <div
          id={panelId}
          ref={panelRef}
          role="group"
          aria-label={label}
          className={`absolute top-full z-20 mt-1 rounded-xl border border-line bg-raised p-1 shadow-lg ${
            align === 'end' ? 'right-0' : 'left-0'
          } ${panelClassName}`}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}

/** The "⋯" options button of a message or a conversation, and its panel. */
export function OptionsMenu(props: Omit<PopoverProps, 'trigger'>) {
  return <Popover {...props} trigger={<EllipsisIcon className="size-5" />} />;
}
