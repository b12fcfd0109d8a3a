import { ButtonLink } from '../components/ui/ButtonLink';
import { usePageTitle } from '../lib/use-page-title';

/** Any path the app does not know. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
      <h1 className="text-3xl">We couldn't find that page</h1>
      <p>The link may be old, or the address may have a typo. Let's get you back on track.</p>
      <ButtonLink to="/">Go to the home page</ButtonLink>
    </div>
  );
}
