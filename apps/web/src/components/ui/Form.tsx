import type { ComponentProps, ReactNode } from 'react';
import { Button } from './Button';
import { FormAlert } from './FormAlert';

/**
 * A form that checks its fields itself (noValidate: the browser's own messages never show) and
 * runs `onSubmit` in place of a page load.
 */
export function Form({
  onSubmit,
  ...props
}: Omit<ComponentProps<'form'>, 'onSubmit'> & { onSubmit: () => unknown }) {
  return (
    <form
      noValidate
      {...props}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    />
  );
}

/** A form's last part: what went wrong with the last try, if anything, and its submit button. */
export function FormSubmit({
  error,
  busy,
  children,
}: {
  error: string | null;
  busy: boolean;
  /** The button's label. */
  children: ReactNode;
}) {
  return (
    <>
      <FormAlert message={error} />
      <div>
        <Button type="submit" busy={busy}>
          {children}
        </Button>
      </div>
    </>
  );
}
