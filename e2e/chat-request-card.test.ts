import { describe, expect, it } from 'vitest';
import { callApi, signUp } from '../apps/server/test/factories';
import { expectNoSeriousA11yViolations, signIn, useE2e } from './support';

/**
 * A Talk-now request reaches a listener in the middle of editing their profile: the card shows
 * who asks and about what, with the time left; Not now (by keyboard) passes it on and keeps the
 * edits; a sharer who leaves the line takes the card with them; Accept asks before the edits are
 * left behind, then opens the chat.
 */

const e2e = useE2e();

describe('the chat request card', () => {
  it('is shown over unsaved edits, answers Not now by keyboard, goes when the sharer leaves, and Accept opens the chat', async () => {
    const listener = await signUp(e2e.app, { roles: ['listener'] });
    const sharer = await signUp(e2e.app, { roles: ['sharer'] });
    const page = await signIn(await e2e.newContext(), listener, '/profile');
    const bio = page.getByLabel('Bio');
    await bio.fill('Half-written thoughts about listening');
    const available = await callApi(e2e.app, listener, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    expect(available.statusCode).toBe(200);

    const ask = async (answers = [201]) => {
      const response = await callApi(e2e.app, sharer, 'POST', '/match/talk-now', {
        topic: 'loneliness',
      });
      expect(answers).toContain(response.statusCode);
    };
    const card = page.getByRole('region', { name: `${sharer.pseudonym} would like to talk` });

    // The listener's page may still be connecting: then the sharer waits in line (202) and is
    // offered to the listener as soon as their connection comes up.
    await ask([201, 202]);
    await card.waitFor();
    expect(await card.textContent()).toContain('Topic: loneliness');
    await card.getByText(/\d+ seconds left to answer/).waitFor();
    await expectNoSeriousA11yViolations(page, 'request card over the profile form');
    await card.getByRole('button', { name: 'Not now' }).focus();
    await page.keyboard.press('Enter');
    await card.waitFor({ state: 'detached' });
    expect(await bio.inputValue()).toBe('Half-written thoughts about listening');
    // Nobody else is free: the sharer is back in line.
    const line = await callApi(e2e.app, sharer, 'GET', '/match/waiting-list');
    expect(line.json()).toMatchObject({ status: 'waiting', position: 1 });

    // Not now passed this listener over for that wait: a new Talk now asks them again. The
    // sharer leaves the line before an answer: the card goes, with a word why.
    await callApi(e2e.app, sharer, 'DELETE', '/match/waiting-list');
    await ask();
    await card.waitFor();
    const left = await callApi(e2e.app, sharer, 'DELETE', '/match/waiting-list');
    expect(left.statusCode).toBe(200);
    await card.waitFor({ state: 'detached' });
    await page.getByText('The sharer is no longer waiting').waitFor();
    expect(await bio.inputValue()).toBe('Half-written thoughts about listening');

    // Asked again, this time Accept.
    await callApi(e2e.app, listener, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    await ask();
    await card.getByRole('button', { name: 'Accept' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Leave without saving' }).click();
    await page.waitForURL('**/listener/chat/*');
    await page.getByRole('heading', { level: 1, name: sharer.pseudonym }).waitFor();
  });
});
