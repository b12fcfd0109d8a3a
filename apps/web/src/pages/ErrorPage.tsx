import { isRouteErrorResponse, useRouteError } from 'react-router';
import { usePageTitle } from '../lib/use-page-title';
import { NotFoundPage } from './NotFoundPage';

/** Shown when a page throws while rendering: calm words and a way back. */
export function ErrorPage() {
  usePageTitle('Something went wrong');
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <main className="px-4">
        <NotFoundPage />
      </main>
    );
  }
  console.error(error);
  return (
    <main className="mx-auto flex max-w-xl flex-col items-start gap-4 px-4 py-12">
      <h1 className="text-3xl">Something went wrong</h1>
      <p>Sorry, this page ran into a problem. Reloading usually helps.</p>
      <a
        href="/"
        className="inline-flex min-h-11 items-center rounded-lg bg-primary-strong px-4 font-semibold text-white"
      >
        Go to the home page
      </a>
    </main>
  );
}
