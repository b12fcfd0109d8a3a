import type { ComponentProps } from 'react';

/**
 * A form that checks its fields itself (noValidate: the browser's own messages never show) and
 * runs `onSubmit` in place of a page load.
 */
export function Form({
  onSubmit,
  ...props
}: Omit<ComponentProps<'form'>, 'onSubmit'> & { onSubmit: () => Promise<void> | void }) {
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
