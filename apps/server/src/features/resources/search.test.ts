import { listResourcesResponseSchema } from '@kindred/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';

const t = useTestApp();
let admin: SignedInUser;
let reader: SignedInUser;
const ids: Record<string, string> = {};

async function publish(key: string, fields: Record<string, unknown>, status = 'published') {
  const created = await t.api(admin, 'POST', '/resources', {
    type: 'article',
    summary: 'A short piece from the team.',
    body: 'Something gentle to read.',
    ...fields,
  });
  expect(created.statusCode, created.body).toBe(201);
  ids[key] = created.json().id;
  if (status !== 'draft') await t.api(admin, 'PUT', `/resources/${ids[key]}`, { status });
}

beforeAll(async () => {
  admin = await signUp(t.app, { isAdmin: true });
  reader = await signUp(t.app);
  await publish('breathe', {
    title: 'Slow down for a minute',
    body: 'When everything is loud, just breathe in through your nose and out through your mouth.',
    topics: ['stress'],
  });
  await publish('titleMatch', {
    title: 'Grounding in five senses',
    body: 'Name what you can see, hear and touch around you.',
    topics: ['anxiety'],
  });
  await publish('bodyMatch', {
    title: 'After a hard day',
    body: 'Some people find grounding helps, others prefer a walk or a warm drink.',
    topics: ['anxiety'],
  });
  await publish('snippet', {
    title: 'Things that help',
    summary: 'Small things.',
    body:
      'A long first paragraph about evenings and tea and quiet rooms and soft light. ' +
      'Keep an anchor phrase ready ("tea & toast" < 5 minutes), something to say to yourself. ' +
      'Another paragraph about mornings.',
  });
  await publish('spanish', {
    title: 'Respiración en caja',
    summary: 'Una forma sencilla de respirar para calmar el cuerpo.',
    body: 'Inspira lentamente contando hasta cuatro y espira contando hasta cuatro.',
    language: 'es',
    topics: ['anxiety'],
  });
  await publish('typo', {
    title: 'When anxiety visits at night',
    body: 'Notes for the small hours.',
    topics: ['anxiety', 'sleep'],
  });
  await publish('hidden', { title: 'Breathe draft not yet out', body: 'breathe breathe' }, 'draft');
  await publish('audio', {
    type: 'link',
    title: 'Breathing helpline',
    url: 'https://example.org',
    body: undefined,
    topics: ['panic'],
  });
});

async function search(query: string, who = reader) {
  const response = await t.api(who, 'GET', `/resources?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return listResourcesResponseSchema.parse(response.json());
}
const idsOf = (list: { resources: { id: string }[] }) => list.resources.map((r) => r.id);

describe('searching the library', () => {
  it('finds by stem: "breathing" finds a resource that only says "breathe"', async () => {
    const found = await search('q=breathing');
    expect(idsOf(found)).toContain(ids.breathe);
    expect(found.fuzzy).toBe(false);
  });

  it('matches as you type: the last word is a prefix', async () => {
    expect(idsOf(await search('q=breat'))).toContain(ids.breathe);
    expect(idsOf(await search('q=slow%20mou'))).toEqual([ids.breathe]);
  });

  it('ranks a title match above a body match', async () => {
    const found = idsOf(await search('q=grounding'));
    expect(found.indexOf(ids.titleMatch!)).toBeGreaterThanOrEqual(0);
    expect(found.indexOf(ids.titleMatch!)).toBeLessThan(found.indexOf(ids.bodyMatch!));
  });

  it('quotes a highlighted, escaped snippet around the match', async () => {
    const [hit] = (await search('q=anchor')).resources;
    expect(hit!.id).toBe(ids.snippet);
    expect(hit!.snippet).toContain('<mark>anchor</mark>');
    expect(hit!.snippet).toContain('(&quot;tea &amp; toast&quot; &lt; 5 minutes)');
    expect(hit!.snippet!.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
    // Without a search there is no snippet.
    expect((await search('sort=newest')).resources.every((r) => r.snippet === null)).toBe(true);
  });

  it('searches Spanish with the Spanish stemmer', async () => {
    // "respiraciones" and "respiración" share the stem "respir"; so does "respirar".
    expect(idsOf(await search('q=respiraciones&language=es'))).toEqual([ids.spanish]);
    expect(idsOf(await search('q=lenta'))).toContain(ids.spanish);
    expect(idsOf(await search('q=respiraciones&language=en'))).toEqual([]);
  });

  it('falls back to similar spellings when nothing matches as typed', async () => {
    const found = await search('q=anxeity');
    expect(found.fuzzy).toBe(true);
    expect(idsOf(found)).toContain(ids.typo);
    expect(found.resources.find((r) => r.id === ids.typo)!.snippet).toBeDefined();
  });

  it('finds nothing, without falling back, for words nobody wrote', async () => {
    const found = await search('q=xylophone%20zebra');
    expect(found).toMatchObject({ resources: [], fuzzy: false, next_cursor: null });
  });

  it('never shows an unpublished resource', async () => {
    expect(idsOf(await search('q=breathe%20draft'))).not.toContain(ids.hidden);
    expect(idsOf(await search('q=breathe', admin))).not.toContain(ids.hidden);
  });

  it('filters by type, topic and language', async () => {
    expect(idsOf(await search('q=breathing&type=link'))).toEqual([ids.audio]);
    const anxious = await search('topic=Anxiety');
    expect(new Set(anxious.resources.flatMap((r) => r.topics))).toContain('anxiety');
    expect(anxious.resources.every((r) => r.topics.includes('anxiety'))).toBe(true);
    expect((await search('language=es')).resources.map((r) => r.language)).toEqual(['es']);
  });

  it('pages through with the cursor, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search(
        `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...idsOf(page));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen).toHaveLength(7);
    expect(seen[0]).toBe(ids.audio); // published last
  });

  it('pages through ranked results too', async () => {
    const first = await search('q=anxiety&limit=1');
    expect(first.next_cursor).not.toBeNull();
    const second = await search(`q=anxiety&limit=1&cursor=${first.next_cursor}`);
    expect(idsOf(second)).not.toEqual(idsOf(first));
  });

  it('sorts by popularity', async () => {
    await t.api(reader, 'POST', `/resources/${ids.bodyMatch}/view`);
    await t.api(admin, 'POST', `/resources/${ids.bodyMatch}/view`);
    await t.api(reader, 'POST', `/resources/${ids.typo}/view`);
    const popular = idsOf(await search('sort=popular'));
    expect(popular.slice(0, 2)).toEqual([ids.bodyMatch, ids.typo]);
  });

  it('refuses a cursor it did not give, and nonsense filters', async () => {
    expectCode(await t.api(reader, 'GET', '/resources?cursor=abc'), 400, 'VALIDATION_ERROR');
    expectCode(await t.api(reader, 'GET', '/resources?type=podcast'), 400, 'VALIDATION_ERROR');
    expectCode(await t.api(reader, 'GET', '/resources?sort=random'), 400, 'VALIDATION_ERROR');
    expectCode(
      await t.api(reader, 'GET', `/resources?q=${'a'.repeat(201)}`),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('treats search syntax as plain words', async () => {
    for (const q of ["breathe & | ! ( ) :* '", '<script>', '""', 'a:*b']) {
      const response = await t.api(reader, 'GET', `/resources?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, q).toBe(200);
    }
  });
});
