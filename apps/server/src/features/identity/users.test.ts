import { errorBodySchema, meSchema, publicProfileSchema } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { errorCode } from '../../../test/expect';
import {
  type ApiCall,
  logIn,
  PASSWORD,
  postForm,
  signUp,
  type SignedInUser,
} from '../../../test/factories';
import { multipartFile, pdfBytes, tinyPng } from '../../../test/multipart';
import { setUser } from '../../../test/rows';

const t = useTestApp();

/** Calls /users/… as this user. */
const call = (user: SignedInUser, method: ApiCall[1], url: string, payload?: unknown) =>
  t.api(user, method, `/users${url}`, payload);

describe('GET and PATCH /users/me', () => {
  it('returns the profile with the documented fields', async () => {
    const user = await signUp(t.app, { roles: ['listener'] });
    const me = meSchema.parse((await call(user, 'GET', '/me')).json());
    expect(me).toMatchObject({
      id: user.id,
      email: user.email,
      pseudonym: user.pseudonym,
      bio: '',
      listener_availability: 'unavailable',
      listener_total_chats: 0,
      privacy_settings: { show_profile_picture: true, allow_feedback: true },
    });
  });

  it('updates every editable field and keeps them', async () => {
    const user = await signUp(t.app);
    const changes = {
      pseudonym: 'Renamed_One',
      real_name: 'Jane Doe',
      bio: 'Here to listen',
      roles: ['sharer', 'listener'],
      interests: ['anxiety', 'relationships', 'anxiety'],
      languages: ['English', 'Spanish'],
      listener_topics: ['grief'],
      privacy_settings: { show_profile_picture: false },
    };
    const response = await call(user, 'PATCH', '/me', changes);
    expect(response.statusCode).toBe(200);
    const me = (await call(user, 'GET', '/me')).json();
    expect(me).toMatchObject({
      pseudonym: 'Renamed_One',
      real_name: 'Jane Doe',
      bio: 'Here to listen',
      roles: ['sharer', 'listener'],
      interests: ['anxiety', 'relationships'],
      languages: ['English', 'Spanish'],
      listener_topics: ['grief'],
      privacy_settings: { show_profile_picture: false, allow_feedback: true },
    });
  });

  it.each([
    ['a 501-character bio', { bio: 'x'.repeat(501) }, 'bio'],
    ['an unknown field', { email: 'new@example.org' }, 'email'],
    ['an unknown privacy setting', { privacy_settings: { show_email: true } }, 'privacy_settings'],
    ['a wrong type', { interests: 'anxiety' }, 'interests'],
    ['an empty role list', { roles: [] }, 'roles'],
    ['an overlong tag', { interests: ['x'.repeat(41)] }, 'interests'],
    ['too many tags', { languages: Array.from({ length: 21 }, (_, i) => `L${i}`) }, 'languages'],
    ['a bad pseudonym', { pseudonym: 'no spaces please' }, 'pseudonym'],
    ['an overlong real name', { real_name: 'x'.repeat(101) }, 'real_name'],
  ])('refuses %s with 400 naming the field', async (_label, payload, field) => {
    const user = await signUp(t.app);
    const response = await call(user, 'PATCH', '/me', payload);
    expect(errorCode(response, 400)).toBe('VALIDATION_ERROR');
    const paths: string[] = response.json().details.map((d: { path: string }) => d.path);
    expect(paths.some((p) => p === field || p.startsWith(`${field}.`))).toBe(true);
    // Nothing was half-applied.
    expect((await call(user, 'GET', '/me')).json().pseudonym).toBe(user.pseudonym);
  });

  it.each<[title: string, field: 'time_zone' | 'country', value: string, refused: unknown[]]>([
    [
      'keeps a time zone, clears it with null, and refuses a zone that does not exist',
      'time_zone',
      'America/New_York',
      ['Mars/Olympus_Mons', 'EST5EDT; DROP', ''],
    ],
    [
      'keeps a country for the help line, clears it with null, and refuses anything but two capitals',
      'country',
      'GB',
      ['gb', 'GBR', 'G', '', 42],
    ],
  ])('%s', async (_title, field, value, refused) => {
    const user = await signUp(t.app);
    expect((await call(user, 'GET', '/me')).json()[field]).toBeNull();
    const set = await call(user, 'PATCH', '/me', { [field]: value });
    expect(set.statusCode).toBe(200);
    expect(set.json()[field]).toBe(value);
    for (const wrong of refused) {
      const response = await call(user, 'PATCH', '/me', { [field]: wrong });
      expect(errorCode(response, 400)).toBe('VALIDATION_ERROR');
      expect(response.json().details[0].path).toBe(field);
    }
    expect((await call(user, 'GET', '/me')).json()[field]).toBe(value);
    await call(user, 'PATCH', '/me', { [field]: null });
    expect((await call(user, 'GET', '/me')).json()[field]).toBeNull();
  });

  it('refuses a pseudonym another user has, in any letter case, with 409', async () => {
    const other = await signUp(t.app);
    const user = await signUp(t.app);
    const response = await call(user, 'PATCH', '/me', { pseudonym: other.pseudonym.toUpperCase() });
    expect(errorCode(response, 409)).toBe('PSEUDONYM_TAKEN');
  });

  it('lets a user change the letter case of their own pseudonym', async () => {
    const user = await signUp(t.app);
    const response = await call(user, 'PATCH', '/me', { pseudonym: user.pseudonym.toUpperCase() });
    expect(response.json().pseudonym).toBe(user.pseudonym.toUpperCase());
  });

  it('makes a user who drops the listener role unavailable', async () => {
    const user = await signUp(t.app, { roles: ['sharer', 'listener'] });
    await call(user, 'PATCH', '/me/availability', { availability: 'available' });
    await call(user, 'PATCH', '/me', { roles: ['sharer'] });
    expect((await call(user, 'GET', '/me')).json().listener_availability).toBe('unavailable');
  });
});

describe('PATCH /users/me/availability', () => {
  it('lets a listener change availability', async () => {
    const listener = await signUp(t.app, { roles: ['listener'] });
    const response = await call(listener, 'PATCH', '/me/availability', {
      availability: 'available',
    });
    expect(response.json()).toEqual({ listener_availability: 'available' });
  });

  it('refuses a sharer with 403 NOT_A_LISTENER and a bad value with 400', async () => {
    const sharer = await signUp(t.app);
    const refused = await call(sharer, 'PATCH', '/me/availability', { availability: 'available' });
    expect(errorCode(refused, 403)).toBe('NOT_A_LISTENER');
    const listener = await signUp(t.app, { roles: ['listener'] });
    const bad = await call(listener, 'PATCH', '/me/availability', { availability: 'asleep' });
    expect(errorCode(bad, 400)).toBe('VALIDATION_ERROR');
  });
});

/** Uploads a profile picture as this user. */
const upload = (user: SignedInUser, filename: string, bytes: Buffer) =>
  postForm(
    t.app,
    user,
    '/users/me/avatar',
    multipartFile({ filename, contentType: 'image/png', bytes }),
  );

describe('POST /users/me/avatar', () => {
  it('stores a PNG and serves it only to signed-in users, as an image with nosniff', async () => {
    const user = await signUp(t.app);
    const response = await upload(user, 'me.png', tinyPng);
    expect(response.statusCode).toBe(200);
    const url = response.json().profile_picture_url as string;
    expect(url).toMatch(/^\/api\/v1\/users\/avatars\/[0-9a-f]{32}\.png$/);
    expect((await call(user, 'GET', '/me')).json().profile_picture_url).toBe(url);

    const served = await t.app.inject({ method: 'GET', url, headers: user.headers });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(tinyPng)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it('refuses a PDF renamed .png with 400 INVALID_FILE_TYPE', async () => {
    const user = await signUp(t.app);
    const response = await upload(user, 'photo.png', pdfBytes);
    expect(errorCode(response, 400)).toBe('INVALID_FILE_TYPE');
    expect(response.json().error).toMatch(/JPG, PNG or GIF/);
    expect((await call(user, 'GET', '/me')).json().profile_picture_url).toBeNull();
  });

  it('refuses a 6 MB image with 413 and a clear message', async () => {
    const user = await signUp(t.app);
    const big = Buffer.concat([tinyPng, Buffer.alloc(6 * 1024 * 1024)]);
    const response = await upload(user, 'big.png', big);
    expect(errorCode(response, 413)).toBe('PAYLOAD_TOO_LARGE');
    expect(response.json().error).toMatch(/5 MB/);
  });

  it('refuses a request with no file, or not multipart', async () => {
    const user = await signUp(t.app);
    const notMultipart = await call(user, 'POST', '/me/avatar', { file: 'x' });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    expect(errorBodySchema.safeParse(notMultipart.json()).success).toBe(true);
  });

  it('replaces the old picture, which then is gone', async () => {
    const user = await signUp(t.app);
    const first = (await upload(user, 'a.png', tinyPng)).json();
    await upload(user, 'b.png', tinyPng);
    const old = await t.app.inject({
      method: 'GET',
      url: first.profile_picture_url,
      headers: user.headers,
    });
    expect(old.statusCode).toBe(404);
  });

  it('answers 404 for names that are not stored pictures (no path tricks)', async () => {
    const user = await signUp(t.app);
    for (const name of ['..%2F..%2Fetc%2Fpasswd', 'x.png', `${'a'.repeat(32)}.png`]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/users/avatars/${name}`,
        headers: user.headers,
      });
      expect(response.statusCode).toBe(404);
    }
  });
});

describe('GET /users/:id', () => {
  it('shows the public profile and hides the picture when the owner asks', async () => {
    const owner = await signUp(t.app, { roles: ['listener'] });
    const viewer = await signUp(t.app);
    await upload(owner, 'p.png', tinyPng);

    const visible = publicProfileSchema.parse((await call(viewer, 'GET', `/${owner.id}`)).json());
    expect(visible.pseudonym).toBe(owner.pseudonym);
    expect(visible.profile_picture_url).not.toBeNull();

    await call(owner, 'PATCH', '/me', { privacy_settings: { show_profile_picture: false } });
    expect((await call(viewer, 'GET', `/${owner.id}`)).json().profile_picture_url).toBeNull();
  });

  it('answers 404 for an unknown or banned user and 400 for a malformed id', async () => {
    const viewer = await signUp(t.app);
    const banned = await signUp(t.app);
    await setUser(t.app, banned.id, { isActive: false });
    expect(errorCode(await call(viewer, 'GET', `/${banned.id}`), 404)).toBe('NOT_FOUND');
    expect(errorCode(await call(viewer, 'GET', '/00000000-0000-4000-8000-000000000000'), 404)).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await call(viewer, 'GET', '/not-a-uuid'), 400)).toBe('VALIDATION_ERROR');
  });
});

describe('export and deletion', () => {
  it('exports the user data as a JSON download', async () => {
    const user = await signUp(t.app, { realName: 'Real Person' });
    const response = await call(user, 'GET', '/me/export');
    expect(response.headers['content-disposition']).toMatch(/attachment/);
    const data = response.json();
    expect(data.profile).toMatchObject({ email: user.email, real_name: 'Real Person' });
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses deletion with a wrong password (403) and erases the account with the right one', async () => {
    const user = await signUp(t.app);
    const wrong = await call(user, 'DELETE', '/me', { password: 'Wrong-Pass-1' });
    expect(errorCode(wrong, 403)).toBe('INVALID_CREDENTIALS');
    const missing = await call(user, 'DELETE', '/me', {});
    expect(missing.statusCode).toBe(403);

    const done = await call(user, 'DELETE', '/me', { password: PASSWORD });
    expect(done.statusCode).toBe(200);
    const login = await logIn(t.app, user);
    expect(login.statusCode).toBe(401);
    expect(errorCode(await call(user, 'GET', '/me'), 401)).toBe('INVALID_TOKEN');
  });
});
