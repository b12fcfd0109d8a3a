import { describe, expect, it } from 'vitest';
import { setUser } from '../apps/server/test/rows';
import { approvedListener, listeningChat } from '../apps/server/test/scenarios';
import { chat, signIn, useE2e } from './support';

const e2e = useE2e();

describe('blocking from a chat', () => {
  it('ends the chat for both, and the blocked listener is no longer offered', async () => {
    const app = e2e.app;
    const {
      sharer,
      listener,
      chatId: sessionId,
    } = await listeningChat(app, {
      listener: await approvedListener(app, { profile: { listenerTopics: ['block-e2e'] } }),
    });

    // The app's own CSP applies here: nothing is injected into these pages.
    const ownCsp = { bypassCSP: false };
    const sharerPage = await signIn(
      await e2e.newContext(ownCsp),
      sharer,
      `/sharer/chat/${sessionId}`,
    );
    const listenerPage = await signIn(
      await e2e.newContext(ownCsp),
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
      expect(await chat.composer(page).isDisabled()).toBe(true);
    }
    await setUser(app, listener.id, { listenerAvailability: 'available' });
    const found = await app.inject({
      method: 'POST',
      url: '/api/v1/match/find-listeners',
      headers: sharer.headers,
      payload: { topic: 'block-e2e' },
    });
    expect(found.json().matches).toEqual([]);
  });
});
