import { listResourcesResponseSchema, resourceSchema } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { logIn } from '../../../test/factories';
import { seedResources } from './seed';

const t = useTestApp({ env: { SEED_DEMO: 'true' } });

describe('the starter library of a new installation', () => {
  it('publishes the team’s articles, a spoken exercise and a helpline link', async () => {
    const login = (
      await logIn(t.app, { email: 'sharer@example.com', password: 'Sharer123!' })
    ).json();
    const headers = { authorization: `Bearer ${login.access_token}` };
    const list = listResourcesResponseSchema.parse(
      (await t.app.inject({ url: '/api/v1/resources?limit=50', headers })).json(),
    );
    expect(list.resources.length).toBeGreaterThanOrEqual(8);
    expect(list.resources.every((r) => r.author === 'Kindred team')).toBe(true);
    expect(new Set(list.resources.map((r) => r.type))).toEqual(
      new Set(['article', 'audio', 'link']),
    );

    const audio = list.resources.find((r) => r.type === 'audio')!;
    expect(audio.duration_seconds).toBeGreaterThan(60);
    const detail = resourceSchema.parse(
      (await t.app.inject({ url: `/api/v1/resources/${audio.id}`, headers })).json(),
    );
    expect(detail.file).toMatchObject({ mime_type: 'audio/ogg' });
    const first = await t.app.inject({
      url: detail.file!.url,
      headers: { ...headers, range: 'bytes=0-3' },
    });
    expect(first.statusCode).toBe(206);
    expect(first.rawPayload.toString('latin1')).toBe('OggS');

    const found = listResourcesResponseSchema.parse(
      (await t.app.inject({ url: '/api/v1/resources?q=panic%20attack', headers })).json(),
    );
    expect(found.resources[0]!.title).toBe('Getting through a panic attack');
  });

  it('publishes nothing twice when seeding again', async () => {
    expect(await seedResources(t.app.database.db, t.config.dataDir)).toBe(0);
  });
});
