import { ButtonLink } from '../components/ui/ButtonLink';
import { usePageTitle } from '../lib/use-page-title';

/** A friendly placeholder for features that are on their way (matching, the listener queue). */
export function ComingSoonPage({ title, text }: { title: string; text: string }) {
  usePageTitle(title);
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
      <h1 className="text-3xl">{title}</h1>
      <p className="text-lg">{text}</p>
      <p className="text-muted">
        We're putting the finishing touches on this part of Kindred. Thank you for your patience.
      </p>
      <ButtonLink to="/dashboard" variant="secondary">
        Back to home
      </ButtonLink>
    </div>
  );
}
