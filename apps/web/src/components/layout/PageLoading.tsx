import { LoadingState } from '../ui/Spinner';

/** What a first visit shows while the page's own code is still on its way. */
export function PageLoading() {
  return (
    <div className="flex min-h-dvh flex-col">
      <div className="border-b border-line bg-canvas px-4 py-2">
        <span className="inline-flex min-h-11 items-center gap-2 text-xl font-bold text-primary-strong">
          <span aria-hidden="true">♥</span>
          Kindred
        </span>
      </div>
      <LoadingState label="Opening Kindred…" />
    </div>
  );
}
