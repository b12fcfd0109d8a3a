import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { postForm, type SignedInUser, signUp } from '../../../test/factories';
import { multipartFile, tinyPng } from '../../../test/multipart';
import { setUser } from '../../../test/rows';

const t = useTestApp();

async function setAvatar(user: SignedInUser): Promise<string> {
  const response = await postForm(
    t.app,
    user,
    '/users/me/avatar',
    multipartFile({ filename: 'me.png', contentType: 'image/png', bytes: tinyPng }),
  );
  expect(response.statusCode).toBe(200);
  return response.json().profile_picture_url;
}

const fetchAs = (user: SignedInUser, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...user.headers, ...headers } });

const showPicture = (user: SignedInUser, show: boolean) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/v1/users/me',
    headers: user.headers,
    payload: { privacy_settings: { show_profile_picture: show } },
  });

describe('who sees a profile picture by its URL', () => {
  it('a hidden picture stops serving to others at once; its owner still sees it', async () => {
    const owner = await signUp(t.app);
    const other = await signUp(t.app);
    const url = await setAvatar(owner);
    expect((await fetchAs(other, url)).statusCode).toBe(200);

    expect((await showPicture(owner, false)).statusCode).toBe(200);
    const hidden = await fetchAs(other, url);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ success: false, code: 'NOT_FOUND' });
    expect(hidden.rawPayload.includes(tinyPng)).toBe(false);
    expect((await fetchAs(owner, url)).statusCode).toBe(200);

    await showPicture(owner, true);
    expect((await fetchAs(other, url)).statusCode).toBe(200);
  });

  it('is never cached without asking again: a 304 while shown, a 404 once hidden', async () => {
    const owner = await signUp(t.app);
    const other = await signUp(t.app);
    const url = await setAvatar(owner);
    const first = await fetchAs(other, url);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = String(first.headers.etag);
    const again = await fetchAs(other, url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    await showPicture(owner, false);
    expect((await fetchAs(other, url, { 'if-none-match': etag })).statusCode).toBe(404);
  });

  it('a suspended account’s picture is not served to others', async () => {
    const owner = await signUp(t.app);
    const other = await signUp(t.app);
    const url = await setAvatar(owner);
    await setUser(t.app, owner.id, { isActive: false });
    expect((await fetchAs(other, url)).statusCode).toBe(404);
  });
});
