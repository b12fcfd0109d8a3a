/** The first focusable element: jumps keyboard users past the header to the page content. */
export function SkipLink({ targetId }: { targetId: string }) {
  return (
    <a
      href={`#${targetId}`}
      onClick={(event) => {
        // Focus directly rather than changing the URL hash, which the router would treat as a
        // navigation.
        event.preventDefault();
        document.getElementById(targetId)?.focus();
      }}
      className="sr-only left-2 top-2 z-50 rounded-lg bg-primary-strong px-4 py-3 font-semibold text-on-accent focus:not-sr-only focus:fixed"
    >
      Skip to content
    </a>
  );
}
