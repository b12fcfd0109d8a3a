import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signUp } from '../apps/server/test/factories';
import { approvedListener } from '../apps/server/test/scenarios';
import { expectNoSeriousA11yViolations, goAvailable, signIn, useE2e } from './support';

/**
 * Talk now in three browsers: the one tap reaches the listener who is online (not the better
 * rated one who went available and closed the page); with nobody free the next sharer waits in
 * line at position 1 and lands in the chat when a listener goes available and accepts.
 */

const e2e = useE2e();
let offline: SignedInUser;
let online: SignedInUser;
let later: SignedInUser;
let onlinePage: Page;
let laterPage: Page;

/** The request card on a listener's page: Accept opens the chat. */
async function accept(listenerPage: Page, sharer: SignedInUser) {
  const card = listenerPage.getByRole('region', { name: `${sharer.pseudonym} would like to talk` });
  await card.waitFor();
  await card.getByText(/seconds? left to answer/).waitFor();
  await expectNoSeriousA11yViolations(listenerPage, 'chat request card');
  await card.getByRole('button', { name: 'Accept' }).click();
}

beforeAll(async () => {
  // Available and better rated, but with no live connection: never offered.
  offline = await approvedListener(e2e.app, {
    goesAvailable: true,
    profile: { listenerRating: 5 },
  });
  online = await signUp(e2e.app, { roles: ['listener'] });
  later = await signUp(e2e.app, { roles: ['listener'] });
  onlinePage = await signIn(await e2e.newContext(), online, '/listener/queue');
  await goAvailable(onlinePage);
  await onlinePage.getByText('Waiting for Sharers…').waitFor();
  laterPage = await signIn(await e2e.newContext(), later, '/listener/queue');
});

describe('Talk now', () => {
  it('reaches the listener who is online, not the one who is offline', async () => {
    const sharer = await signUp(e2e.app, { roles: ['sharer'] });
    const page = await signIn(await e2e.newContext(), sharer, '/sharer/find-listener');
    await page.getByRole('button', { name: 'stress', exact: true }).click();
    await page.getByRole('button', { name: 'Talk now' }).click();
    await page.getByRole('heading', { name: 'Asking a listener' }).waitFor();
    expect(await page.getByText(`We've asked ${online.pseudonym}`).count()).toBe(1);
    expect(await page.getByText(offline.pseudonym).count()).toBe(0);

    await accept(onlinePage, sharer);
    await onlinePage.waitForURL('**/listener/chat/*');
    await page.waitForURL('**/sharer/chat/*');
    await page.getByRole('heading', { level: 1, name: online.pseudonym }).waitFor();
  });

  it('puts the next sharer on the waiting list, and connects them when a listener goes available', async () => {
    const sharer = await signUp(e2e.app, { roles: ['sharer'] });
    const page = await signIn(await e2e.newContext(), sharer, '/sharer/find-listener');
    await page.getByRole('button', { name: 'Talk now' }).click();
    await page.getByRole('heading', { name: "You're on the waiting list" }).waitFor();
    await page.getByText('Position 1', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Leave the line' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'waiting list');

    await goAvailable(laterPage);
    await accept(laterPage, sharer);
    await page.waitForURL('**/sharer/chat/*');
    await page.getByRole('heading', { level: 1, name: later.pseudonym }).waitFor();
    await laterPage.getByRole('heading', { level: 1, name: sharer.pseudonym }).waitFor();
  });
});
