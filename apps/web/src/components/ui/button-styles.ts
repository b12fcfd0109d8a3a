export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const base =
  'inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-lg px-4 py-2 text-base ' +
  'font-semibold no-underline transition-colors disabled:cursor-not-allowed disabled:opacity-60';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-primary-strong text-on-accent hover:bg-primary-stronger',
  secondary: 'border border-control bg-raised text-ink hover:bg-surface',
  danger: 'bg-danger-text text-on-accent hover:bg-danger-strong',
  ghost: 'text-primary-strong hover:bg-primary-soft',
};

/** Class names shared by <Button> and links that look like buttons. */
export function buttonClasses(variant: ButtonVariant = 'primary', extra = ''): string {
  return `${base} ${variants[variant]} ${extra}`.trim();
}
