import type { ResourceStatus } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { allowedStatuses, canDelete, canEditFields, canSee, type Viewer } from './rules';

const author: Viewer = { userId: 'author', isAdmin: false, isEditor: true };
const other: Viewer = { userId: 'other', isAdmin: false, isEditor: true };
const sharer: Viewer = { userId: 'sharer', isAdmin: false, isEditor: false };
const team: Viewer = { userId: 'team', isAdmin: true, isEditor: true };
const row = (status: ResourceStatus) => ({ authorId: 'author', status });

describe('the review flow', () => {
  it.each([
    ['draft', author, ['in_review']],
    ['draft', team, ['in_review', 'published']],
    ['in_review', author, ['draft']],
    ['in_review', team, ['draft', 'published', 'rejected']],
    ['rejected', author, ['draft', 'in_review']],
    ['rejected', team, ['draft', 'in_review', 'published']],
    ['published', author, []],
    ['published', team, ['draft']],
    ['draft', other, []],
  ] as const)('from %s, %o may move to %j', (status, viewer, expected) => {
    expect(allowedStatuses(row(status), viewer)).toEqual(expected);
  });

  it('no longer lets an author who stopped being an approved listener move it', () => {
    expect(allowedStatuses(row('draft'), { ...author, isEditor: false })).toEqual([]);
  });
});

describe('who may see, edit and delete', () => {
  it.each([
    ['draft', sharer, false, false, false],
    ['draft', other, false, false, false],
    ['draft', author, true, true, true],
    ['in_review', author, true, false, true],
    ['rejected', author, true, true, true],
    ['published', sharer, true, false, false],
    ['published', author, true, false, false],
    ['published', team, true, true, true],
    ['draft', team, true, true, true],
  ] as const)('%s, %o: sees %s, edits %s, deletes %s', (status, viewer, sees, edits, deletes) => {
    expect(canSee(row(status), viewer)).toBe(sees);
    expect(canEditFields(row(status), viewer)).toBe(edits);
    expect(canDelete(row(status), viewer)).toBe(deletes);
  });
});
