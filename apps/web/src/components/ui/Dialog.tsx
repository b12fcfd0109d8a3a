import { useEffect, useId, useRef, useState, type ComponentProps, type ReactNode } from 'react';
import { Button } from './Button';
import { Form } from './Form';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, makes the page behind it inert
 * and closes it on Escape. Its content is only rendered while open.
 */
export function Dialog({ open, onClose, title, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl bg-raised p-6 text-ink shadow-xl"
    >
      {open && (
        <div className="flex flex-col gap-4">
          <h2 id={titleId} className="text-2xl">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** Cancel and the dialog's main action: side by side on wide screens, the action on top otherwise. */
export function DialogActions({
  onCancel,
  cancelLabel = 'Cancel',
  focusCancel = false,
  children,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  /** For a dialog that asks before something that cannot be undone: Cancel takes the focus. */
  focusCancel?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
      <Button variant="secondary" onClick={onCancel} autoFocus={focusCancel}>
        {cancelLabel}
      </Button>
      {children}
    </div>
  );
}

/** A single button at the end of a dialog, such as Close. */
export function DialogEndButton(props: ComponentProps<typeof Button>) {
  return (
    <div className="flex justify-end">
      <Button {...props} />
    </div>
  );
}

/** Why the dialog's action failed; screen readers announce it. */
export function DialogError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="font-medium text-danger-text">
      {error}
    </p>
  );
}

/**
 * A dialog that asks before an action: what will happen, why it failed if it did, then Cancel
 * (which has the focus) and the action. Without `confirm` (the action is done) only the button
 * that closes is left.
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  error,
  cancelLabel,
  confirm,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  error: string | null;
  cancelLabel?: string;
  confirm?: { label: string; busy: boolean; onClick: () => void };
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      {children}
      <DialogError error={error} />
      <DialogActions onCancel={onClose} cancelLabel={cancelLabel} focusCancel>
        {confirm && (
          <Button variant="danger" busy={confirm.busy} onClick={confirm.onClick}>
            {confirm.label}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** A button that opens a dialog: `dialog` draws it, told whether it is open and how to close it. */
export function DialogButton({
  dialog,
  ...props
}: Omit<ComponentProps<typeof Button>, 'onClick'> & {
  dialog: (open: boolean, close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button aria-haspopup="dialog" {...props} onClick={() => setOpen(true)} />
      {dialog(open, () => setOpen(false))}
    </>
  );
}

/** A form in a dialog; `onSubmit` checks the fields itself (noValidate) and sends. */
export function DialogForm({
  onSubmit,
  children,
}: {
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <Form className="flex flex-col gap-4" onSubmit={onSubmit}>
      {children}
    </Form>
  );
}

/** What a dialog's form shows once sent: the news (announced), what happens next, and Close. */
export function DialogSent({
  news,
  onClose,
  children,
}: {
  news: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <>
      <p id={id} role="status" className="text-lg">
        {news}
      </p>
      <p className="text-muted">{children}</p>
      <DialogEndButton onClick={onClose} autoFocus aria-describedby={id}>
        Close
      </DialogEndButton>
    </>
  );
}
