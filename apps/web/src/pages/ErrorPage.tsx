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
  // A page's code is fetched when it is first opened: offline, or after a new release replaced
  // the files, that fails. Reloading (online) fixes both.
  const notLoaded =
    error instanceof TypeError &&
    /dynamically imported module|module script|fetch/i.test(error.message);
  if (notLoaded) {
    return (
      <main className="mx-auto flex max-w-xl flex-col items-start gap-4 px-4 py-12">
        <h1 className="text-3xl">This page could not be loaded</h1>
        <p>
          {navigator.onLine
            ? 'Kindred was updated, or the connection dropped for a moment. Reloading usually helps.'
            : "You're offline. This page opens once you are back online."}
        </p>
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="inline-flex min-h-11 items-center rounded-lg bg-primary-strong px-4 font-semibold text-on-accent"
        >
          Try again
        </button>
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
        className="inline-flex min-h-11 items-center rounded-lg bg-primary-strong px-4 font-semibold text-on-accent"
      >
        Go to the home page
      </a>
    </main>
  );
}
