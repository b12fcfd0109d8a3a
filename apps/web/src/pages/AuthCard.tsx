import type { ReactNode } from 'react';

/** The narrow centred card used by the sign-in and registration pages. */
export function AuthCard({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-6 py-4">
      <div className="flex flex-col gap-2">
        <h1 className="text-3xl">{title}</h1>
        <p className="text-muted">{intro}</p>
      </div>
      <div className="rounded-xl border border-line bg-raised p-4 sm:p-6">{children}</div>
      <p className="text-center">{footer}</p>
    </div>
  );
}
