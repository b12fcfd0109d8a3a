import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../apps/server/test/factories';
import { updateUser } from '../apps/server/src/features/identity/users.repository';
import { type E2eServer, launchBrowser, startServer, signIn } from './support';

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('blocking from a chat', () => {
  it('ends the chat for both, and the blocked listener is no longer offered', async () => {
    const app = server.test.app;
    const listener = await signUp(app, { roles: ['listener'] });
    await updateUser(app.database.db, listener.id, {
      listenerAvailability: 'available',
      listenerTopics: ['block-e2e'],
    });
    const sharer = await signUp(app);
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/match/request-chat',
      headers: sharer.headers,
      payload: { listener_id: listener.id },
    });
    const sessionId = started.json().session_id as string;

    const sharerPage = await signIn(
      await browser.newContext({ baseURL: server.baseUrl }),
      sharer,
      `/sharer/chat/${sessionId}`,
    );
    const listenerPage = await signIn(
      await browser.newContext({ baseURL: server.baseUrl }),
      listener,
      `/listener/chat/${sessionId}`,
    );
    await sharerPage.getByRole('heading', { name: listener.pseudonym }).waitFor();

    await sharerPage.getByRole('button', { name: `Block ${listener.pseudonym}` }).click();
    const dialog = sharerPage.getByRole('dialog', { name: `Block ${listener.pseudonym}?` });
    await dialog.getByRole('button', { name: 'Block' }).click();
    await dialog.getByRole('status').filter({ hasText: 'is blocked' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Nobody is asked for feedback about a chat that ended in a block.
    expect(await sharerPage.getByRole('dialog').count()).toBe(0);

    for (const page of [sharerPage, listenerPage]) {
      await page.getByText('This chat has ended').first().waitFor();
      expect(await page.getByRole('textbox', { name: 'Write a message' }).isDisabled()).toBe(true);
    }
    await updateUser(app.database.db, listener.id, { listenerAvailability: 'available' });
    const found = await app.inject({
      method: 'POST',
      url: '/api/v1/match/find-listeners',
      headers: sharer.headers,
      payload: { topic: 'block-e2e' },
    });
    expect(found.json().matches).toEqual([]);
  });
});
