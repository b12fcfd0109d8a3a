import type { ReactNode } from 'react';

/** One card of the profile page, with its heading and an optional line of explanation. */
export function ProfileSection({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="flex flex-col gap-5 rounded-xl border border-line bg-raised p-4 sm:p-6">
      <div className="flex flex-col gap-1">
        <h2 className="text-2xl">{title}</h2>
        {intro && <p className="text-muted">{intro}</p>}
      </div>
      {children}
    </section>
  );
}
