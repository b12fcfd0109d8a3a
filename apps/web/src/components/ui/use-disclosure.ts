import { useEffect, useId, useRef, useState } from 'react';

/**
 * A button that shows a panel under it (a disclosure): Escape closes it and gives focus back to
 * the button; a click outside or tabbing away closes it and leaves focus where it went.
 * Spread `wrapperProps` on the element around both, and put the refs on it and on the button.
 */
export function useDisclosure(options: { onClose?: () => void } = {}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const onClose = useRef(options.onClose);
  onClose.current = options.onClose;

  const close = (restoreFocus = true) => {
    setOpen(false);
    onClose.current?.();
    if (restoreFocus) triggerRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) {
        setOpen(false);
        onClose.current?.();
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const wrapperProps = {
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === 'Escape' && open) {
        event.stopPropagation();
        close();
      }
    },
    onBlur: (event: React.FocusEvent) => {
      if (open && !wrapperRef.current?.contains(event.relatedTarget as Node | null)) close(false);
    },
  };

  return { open, setOpen, close, panelId, wrapperRef, triggerRef, wrapperProps };
}
