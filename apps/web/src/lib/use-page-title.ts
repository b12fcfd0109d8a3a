import { useEffect } from 'react';

/** Sets the document title for the current page: "Profile · Kindred". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Kindred` : 'Kindred';
  }, [title]);
}
