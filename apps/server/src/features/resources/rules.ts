import type { ResourceStatus } from '@kindred/protocol';

/** Who is asking: an admin (the team), an approved listener, or anyone else signed in. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
  /** Admins and approved listeners write resources. */
  isEditor: boolean;
}

interface Owned {
  authorId: string | null;
  status: ResourceStatus;
}

const isAuthor = (row: Owned, viewer: Viewer) => row.authorId === viewer.userId;

/** Published ones for everyone signed in; the others only for their author and the team. */
export function canSee(row: Owned, viewer: Viewer): boolean {
  return row.status === 'published' || viewer.isAdmin || isAuthor(row, viewer);
}

/** The team changes anything; an author (still an approved listener) a draft or a rejected one. */
export function canEditFields(row: Owned, viewer: Viewer): boolean {
  if (viewer.isAdmin) return true;
  return (
    viewer.isEditor &&
    isAuthor(row, viewer) &&
    (row.status === 'draft' || row.status === 'rejected')
  );
}

/**
 * The review flow: which status may follow which, and whether its author may take that step
 * (`author`) or only the team (`team`). The team may take every step.
 */
export const transitions: Record<
  ResourceStatus,
  Partial<Record<ResourceStatus, 'author' | 'team'>>
> = {
  draft: { in_review: 'author', published: 'team' },
  in_review: { draft: 'author', published: 'team', rejected: 'team' },
  rejected: { draft: 'author', in_review: 'author', published: 'team' },
  published: { draft: 'team' },
};

/** Whether this viewer may move the resource to `to` now. */
export function canMove(row: Owned, to: ResourceStatus, viewer: Viewer): boolean {
  const who = transitions[row.status][to];
  if (!who) return false;
  if (viewer.isAdmin) return true;
  return who === 'author' && viewer.isEditor && isAuthor(row, viewer);
}

/** The statuses this viewer may move the resource to (the buttons an editor is offered). */
export function allowedStatuses(row: Owned, viewer: Viewer): ResourceStatus[] {
  return (Object.keys(transitions[row.status]) as ResourceStatus[]).filter((to) =>
    canMove(row, to, viewer),
  );
}

/** Deleting: the team, or the author while it is not published. */
export function canDelete(row: Owned, viewer: Viewer): boolean {
  return viewer.isAdmin || (isAuthor(row, viewer) && row.status !== 'published');
}
