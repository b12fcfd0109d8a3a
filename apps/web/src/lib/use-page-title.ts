import { useEffect } from 'react';

/**
 * The document title is the page's title plus, in front, the number of unread notifications:
 * "(3) Messages · Kindred". Pages set the first part, the notification bell the second.
 */
let pageTitle = '';
let unreadCount = 0;
/** New wellbeing alerts a team member has not seen yet (features/admin/wellbeing-alerts.ts). */
let alertCount = 0;

function renderTitle(): void {
  const base = pageTitle ? `${pageTitle} · Kindred` : 'Kindred';
  const total = unreadCount + alertCount;
  const count = total > 99 ? '99+' : String(total);
  document.title = total > 0 ? `(${count}) ${base}` : base;
}

/** Adds `count` unseen alerts to the number in front of the title (0 removes them). */
export function setTitleAlerts(count: number): void {
  alertCount = Math.max(0, count);
  renderTitle();
}

/** Sets the document title for the current page: "Profile · Kindred". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    pageTitle = title;
    renderTitle();
  }, [title]);
}

/** Shows `count` in front of the title while mounted ("(3) Kindred"); nothing when it is 0. */
export function useTitleCount(count: number): void {
  useEffect(() => {
    unreadCount = Math.max(0, count);
    renderTitle();
  }, [count]);
  useEffect(
    () => () => {
      unreadCount = 0;
      renderTitle();
    },
    [],
  );
}
