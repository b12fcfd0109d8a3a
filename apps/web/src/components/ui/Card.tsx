import type { FormEventHandler, ReactNode } from 'react';

const cardClasses = 'flex flex-col gap-4 rounded-xl border border-line bg-raised p-4 sm:p-6';

interface CardProps {
  /** The id of the card's h2, which names the card. */
  headingId: string;
  title: ReactNode;
  children: ReactNode;
}

function CardTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h2 id={id} className="text-2xl">
      {children}
    </h2>
  );
}

/** A white card named by its h2. */
export function SectionCard({ headingId, title, children }: CardProps) {
  return (
    <section aria-labelledby={headingId} className={cardClasses}>
      <CardTitle id={headingId}>{title}</CardTitle>
      {children}
    </section>
  );
}

interface FormCardProps extends CardProps {
  onSubmit: FormEventHandler<HTMLFormElement>;
}

/** A form in a white card, named by its h2; the form checks its fields itself (noValidate). */
export function FormCard({ headingId, title, onSubmit, children }: FormCardProps) {
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={headingId} className={cardClasses}>
      <CardTitle id={headingId}>{title}</CardTitle>
      {children}
    </form>
  );
}

/** A section (no card around it) named by its h2; `className` lays out its content. */
export function TitledSection({
  headingId,
  title,
  className,
  children,
}: CardProps & { className: string }) {
  return (
    <section aria-labelledby={headingId} className={className}>
      <CardTitle id={headingId}>{title}</CardTitle>
      {children}
    </section>
  );
}
