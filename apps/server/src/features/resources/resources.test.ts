import {
  listResourcesResponseSchema,
  recommendedResponseSchema,
  resourceSchema,
  resourceStatsResponseSchema,
  resourcesStatsResponseSchema,
} from '@kindred/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock(new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 36e6));
const t = useTestApp({ clock });
const day = (offset = 0) =>
  new Date(clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** Time moves on (it never goes back: tokens are issued by this clock): everyone signs in again. */
async function advance(ms: number) {
  clock.advance(ms);
  await signInAgain(t.app, admin, listener, otherListener, pendingListener, sharer);
}

let admin: SignedInUser;
let listener: SignedInUser;
let otherListener: SignedInUser;
let pendingListener: SignedInUser;
let sharer: SignedInUser;

beforeAll(async () => {
  admin = await signUp(t.app, { isAdmin: true });
  listener = await signUp(t.app, { roles: ['listener'] });
  otherListener = await signUp(t.app, { roles: ['listener'] });
  pendingListener = await signUp(t.app, { roles: ['listener'], listenerStatus: 'pending' });
  sharer = await signUp(t.app);
});

const article = (overrides: Record<string, unknown> = {}) => ({
  type: 'article',
  title: 'Calm before sleep',
  summary: 'A short routine for the last half hour of the day.',
  body: 'Dim the lights. **Put the phone away.** Breathe out slowly.',
  topics: ['Sleep', 'stress', 'sleep'],
  language: 'en',
  ...overrides,
});

async function create(user: SignedInUser, body: Record<string, unknown> = article()) {
  const response = await t.api(user, 'POST', '/resources', body);
  expect(response.statusCode, response.body).toBe(201);
  return resourceSchema.parse(response.json());
}
const move = (user: SignedInUser, id: string, body: Record<string, unknown>) =>
  t.api(user, 'PUT', `/resources/${id}`, body);
const get = (user: SignedInUser, id: string) => t.api(user, 'GET', `/resources/${id}`);
const query = async (statement: SQL) =>
  ((await t.app.database.db.execute(statement)) as unknown as { rows: Record<string, unknown>[] })
    .rows;

describe('writing resources', () => {
  it('lets an admin write a draft as the team, with topics cleaned', async () => {
    const created = await create(admin);
    expect(created).toMatchObject({
      status: 'draft',
      author: 'Kindred team',
      topics: ['sleep', 'stress'],
      body: 'Dim the lights. **Put the phone away.** Breathe out slowly.',
      can_edit: true,
      allowed_statuses: ['in_review', 'published'],
      published_at: null,
    });
  });

  it('lets an approved listener write a draft under their pseudonym', async () => {
    const created = await create(listener);
    expect(created.author).toBe(listener.pseudonym);
    expect(created.allowed_statuses).toEqual(['in_review']);
  });

  it.each([
    ['a sharer', () => sharer],
    ['a listener not yet approved', () => pendingListener],
  ])('refuses %s', async (_, who) => {
    expectCode(
      await t.api(who(), 'POST', '/resources', article()),
      403,
      'RESOURCE_EDITOR_REQUIRED',
    );
  });

  it.each([
    ['an article without text', article({ body: undefined }), 'body'],
    ['a link without its address', { ...article({ type: 'link', body: undefined }) }, 'url'],
    ['a web address on an article', article({ url: 'https://example.org' }), 'url'],
    ['a javascript: link', article({ type: 'link', url: 'javascript:alert(1)' }), 'url'],
    ['an unknown type', article({ type: 'podcast' }), 'type'],
    ['a language that is not a code', article({ language: 'English' }), 'language'],
    ['a title too long', article({ title: 'x'.repeat(121) }), 'title'],
    [
      'too many topics',
      article({ topics: Array.from({ length: 9 }, (_, i) => `t${i}`) }),
      'topics',
    ],
  ])('refuses %s', async (_, body, path) => {
    const response = await t.api(admin, 'POST', '/resources', body);
    expectCode(response, 400, 'VALIDATION_ERROR');
    expect(response.json().details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('takes a long article (over the usual 64 KiB request size)', async () => {
    const body = 'Breathe slowly. '.repeat(3000); // 48,000 characters of text
    const created = await create(admin, article({ body }));
    expect(created.body).toHaveLength(body.length);
  });

  it('keeps raw HTML as the author typed it, for the client to show as text', async () => {
    const created = await create(admin, article({ body: 'Hello <script>alert(1)</script>' }));
    expect(created.body).toBe('Hello <script>alert(1)</script>');
  });

  it('lets only the team choose editors’ picks', async () => {
    expectCode(
      await t.api(listener, 'POST', '/resources', article({ featured: true })),
      403,
      'FORBIDDEN',
    );
    expect((await create(admin, article({ featured: true }))).featured).toBe(true);
  });
});

describe('the review flow', () => {
  it('goes draft → in_review → rejected with a reason → in_review → published', async () => {
    const draft = await create(listener, article({ title: 'Review me' }));
    const sent = await move(listener, draft.id, { status: 'in_review' });
    expect(sent.json()).toMatchObject({ status: 'in_review', can_edit: false });

    // While waiting, the author may not change it, only take it back.
    expectCode(await move(listener, draft.id, { title: 'Changed' }), 409, 'RESOURCE_NOT_EDITABLE');
    // Only the team decides.
    expectCode(
      await move(listener, draft.id, { status: 'published' }),
      409,
      'INVALID_STATUS_CHANGE',
    );

    const queue = await t.api(admin, 'GET', '/resources?status=in_review');
    expect(queue.json().resources.map((r: { id: string }) => r.id)).toContain(draft.id);

    expectCode(await move(admin, draft.id, { status: 'rejected' }), 400, 'VALIDATION_ERROR');
    const rejected = await move(admin, draft.id, {
      status: 'rejected',
      reason: 'Please add where to find help.',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    const seen = resourceSchema.parse((await get(listener, draft.id)).json());
    expect(seen.rejection_reason).toBe('Please add where to find help.');
    expect(seen.allowed_statuses).toEqual(['draft', 'in_review']);

    await move(listener, draft.id, { body: 'Better now. Call a helpline if you need to.' });
    expect(
      (await move(listener, draft.id, { status: 'in_review' })).json().rejection_reason,
    ).toBeNull();
    const published = await move(admin, draft.id, { status: 'published' });
    expect(published.json()).toMatchObject({
      status: 'published',
      published_at: clock.now().toISOString(),
    });

    // Published: the author can no longer change it; the team can.
    expectCode(await move(listener, draft.id, { title: 'Sneaky' }), 409, 'RESOURCE_NOT_EDITABLE');
    expect((await move(admin, draft.id, { title: 'Reviewed' })).json().title).toBe('Reviewed');
  });

  it('writes the team’s decisions to the audit log', async () => {
    const draft = await create(listener, article({ title: 'Audited' }));
    await move(listener, draft.id, { status: 'in_review' });
    await move(admin, draft.id, { status: 'rejected', reason: 'Too short' });
    const rows = await query(
      sql`select action, details from admin_logs where target_id = ${draft.id}`,
    );
    expect(rows).toEqual([expect.objectContaining({ action: 'resource_rejected' })]);
  });

  it('lets an admin publish a draft directly and take it back', async () => {
    const draft = await create(admin, article({ title: 'Direct' }));
    expect((await move(admin, draft.id, { status: 'published' })).statusCode).toBe(200);
    const back = await move(admin, draft.id, { status: 'draft' });
    expect(back.json()).toMatchObject({ status: 'draft', published_at: null });
  });

  it('refuses a step the flow does not have', async () => {
    const draft = await create(admin, article({ title: 'Steps' }));
    expectCode(
      await move(admin, draft.id, { status: 'rejected', reason: 'No' }),
      409,
      'INVALID_STATUS_CHANGE',
    );
  });

  it('needs the file before an audio resource goes to review', async () => {
    const audio = await create(
      listener,
      article({ type: 'audio', title: 'No file yet', body: undefined }),
    );
    expectCode(
      await move(listener, audio.id, { status: 'in_review' }),
      409,
      'RESOURCE_FILE_MISSING',
    );
  });

  it('does not let one listener touch another’s draft', async () => {
    const draft = await create(listener, article({ title: 'Mine' }));
    expectCode(await move(otherListener, draft.id, { title: 'Theirs' }), 404, 'RESOURCE_NOT_FOUND');
    expectCode(
      await t.api(otherListener, 'DELETE', `/resources/${draft.id}`),
      404,
      'RESOURCE_NOT_FOUND',
    );
  });
});

describe('who sees what', () => {
  let draftId: string;
  let publishedId: string;
  beforeAll(async () => {
    draftId = (await create(listener, article({ title: 'Unpublished thoughts' }))).id;
    publishedId = (await create(admin, article({ title: 'Published piece' }))).id;
    await move(admin, publishedId, { status: 'published' });
  });

  it.each([
    ['a sharer', () => sharer],
    ['another listener', () => otherListener],
  ])('hides a draft from %s (404)', async (_, who) => {
    expectCode(await get(who(), draftId), 404, 'RESOURCE_NOT_FOUND');
    expectCode(await t.api(who(), 'POST', `/resources/${draftId}/view`), 404, 'RESOURCE_NOT_FOUND');
    const list = listResourcesResponseSchema.parse(
      (await t.api(who(), 'GET', '/resources')).json(),
    );
    expect(list.resources.map((r) => r.id)).not.toContain(draftId);
  });

  it('shows a draft to its author and to the team', async () => {
    expect((await get(listener, draftId)).statusCode).toBe(200);
    expect((await get(admin, draftId)).statusCode).toBe(200);
  });

  it('shows a published resource to everyone signed in, but not to the signed out', async () => {
    const seen = resourceSchema.parse((await get(sharer, publishedId)).json());
    expect(seen).toMatchObject({ can_edit: false, allowed_statuses: [], rejection_reason: null });
    expect((await t.app.inject({ url: `/api/v1/resources/${publishedId}` })).statusCode).toBe(401);
  });

  it('lists an editor’s own resources in every status with mine=true', async () => {
    const mine = (await t.api(listener, 'GET', '/resources?mine=true&limit=50')).json();
    const statuses = new Set(mine.resources.map((r: { status: string }) => r.status));
    expect(statuses.has('draft')).toBe(true);
    expect(mine.resources.every((r: { author: string }) => r.author === listener.pseudonym)).toBe(
      true,
    );
  });

  it('gives a listener only their own when asking for a status', async () => {
    const queue = (await t.api(otherListener, 'GET', '/resources?status=in_review')).json();
    expect(queue.resources).toEqual([]);
  });

  it('answers 404 for a resource that never existed, 400 for a bad id', async () => {
    expectCode(
      await get(sharer, '00000000-0000-4000-8000-000000000000'),
      404,
      'RESOURCE_NOT_FOUND',
    );
    expectCode(await get(sharer, 'nope'), 400, 'VALIDATION_ERROR');
  });
});

describe('deleting', () => {
  it('hides a deleted resource at once and purges it after the grace period', async () => {
    const created = await create(admin, article({ title: 'Short-lived' }));
    await move(admin, created.id, { status: 'published' });
    const deleted = await t.api(admin, 'DELETE', `/resources/${created.id}`);
    expect(deleted.json()).toEqual({ success: true, message: 'The resource was deleted' });
    expectCode(await get(admin, created.id), 404, 'RESOURCE_NOT_FOUND');
    const count = async () =>
      (await query(sql`select count(*)::int as n from resources where id = ${created.id}`))[0] as {
        n: number;
      };
    expect((await count()).n).toBe(1); // still there, for the grace period
    clock.advance(6 * 24 * 3600 * 1000);
    await t.app.purgeResources();
    expect((await count()).n).toBe(1); // six days: not yet
    await advance(2 * 24 * 3600 * 1000);
    await t.app.purgeResources();
    expect((await count()).n).toBe(0);
  });

  it('lets an author delete a draft but not a published one', async () => {
    const draft = await create(listener, article({ title: 'Oops' }));
    expect((await t.api(listener, 'DELETE', `/resources/${draft.id}`)).statusCode).toBe(200);
    const other = await create(listener, article({ title: 'Kept' }));
    await move(listener, other.id, { status: 'in_review' });
    await move(admin, other.id, { status: 'published' });
    expectCode(
      await t.api(listener, 'DELETE', `/resources/${other.id}`),
      409,
      'RESOURCE_NOT_EDITABLE',
    );
    expectCode(await t.api(sharer, 'DELETE', `/resources/${other.id}`), 403, 'FORBIDDEN');
  });
});

describe('views, downloads and the team’s statistics', () => {
  it('counts a view once per person and day', async () => {
    const created = await create(admin, article({ title: 'Counted' }));
    await move(admin, created.id, { status: 'published' });
    const view = (who: SignedInUser) => t.api(who, 'POST', `/resources/${created.id}/view`);
    expect((await view(sharer)).json()).toEqual({ counted: true, view_count: 1 });
    expect((await view(sharer)).json()).toEqual({ counted: false, view_count: 1 });
    expect((await view(listener)).json()).toEqual({ counted: true, view_count: 2 });
    const firstDay = day();
    await advance(24 * 3600 * 1000);
    expect((await view(sharer)).json()).toEqual({ counted: true, view_count: 3 });
    const stats = await t.api(admin, 'GET', `/admin/resources/${created.id}/stats?days=2`);
    const body = resourceStatsResponseSchema.parse(stats.json());
    expect(body.days).toEqual([
      { date: firstDay, views: 2, downloads: 0 },
      { date: day(), views: 1, downloads: 0 },
    ]);
    expect(body.total_views).toBe(3);
    const all = resourcesStatsResponseSchema.parse(
      (await t.api(admin, 'GET', '/admin/resources/stats?days=7')).json(),
    );
    expect(all.resources.find((r) => r.id === created.id)).toMatchObject({ views: 3 });
  });

  it('does not count an editor reading a draft', async () => {
    const created = await create(admin, article({ title: 'Not counted' }));
    expect((await t.api(admin, 'POST', `/resources/${created.id}/view`)).json()).toEqual({
      counted: false,
      view_count: 0,
    });
  });

  it('keeps the statistics for the team', async () => {
    expectCode(await t.api(sharer, 'GET', '/admin/resources/stats'), 403, 'ADMIN_REQUIRED');
    const created = await create(admin, article({ title: 'Stats' }));
    expectCode(
      await t.api(listener, 'GET', `/admin/resources/${created.id}/stats`),
      403,
      'ADMIN_REQUIRED',
    );
  });
});

describe('recommendations', () => {
  it('offers a new person the editors’ picks, then what fits their topics', async () => {
    const pick = await create(
      admin,
      article({ title: 'Editors pick', topics: ['grief'], featured: true }),
    );
    await move(admin, pick.id, { status: 'published' });
    const onTopic = await create(
      admin,
      article({ title: 'About loneliness', topics: ['loneliness'] }),
    );
    await move(admin, onTopic.id, { status: 'published' });

    const newcomer = await signUp(t.app);
    const first = recommendedResponseSchema.parse(
      (await t.api(newcomer, 'GET', '/resources/recommended')).json(),
    );
    expect(first.basis).toBe('editors_picks');
    expect(first.resources[0]!.featured).toBe(true);

    await t.api(newcomer, 'PUT', '/match/preferences', {
      preferred_languages: ['English'],
      preferred_topics: ['Loneliness'],
      preferred_listener_min_rating: null,
      avoid_previous_matches: false,
    });
    const second = recommendedResponseSchema.parse(
      (await t.api(newcomer, 'GET', '/resources/recommended')).json(),
    );
    expect(second.basis).toBe('for_you');
    expect(second.resources[0]!.id).toBe(onTopic.id);

    // What they already opened is not offered again.
    await t.api(newcomer, 'POST', `/resources/${onTopic.id}/view`);
    const third = (await t.api(newcomer, 'GET', '/resources/recommended?limit=20')).json();
    expect(third.resources.map((r: { id: string }) => r.id)).not.toContain(onTopic.id);
  });
});
