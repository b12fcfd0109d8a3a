import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, type SignedInUser, signUp } from '../apps/server/test/factories';
import { chat, expectNoSeriousA11yViolations, signIn, useE2e } from './support';

/**
 * The listening flow in two browsers: a listener goes available on the queue, a sharer finds and
 * connects to them (keyboard only), they talk, the sharer ends the chat and rates it (keyboard
 * only), and the listener's rating on the queue changes.
 */

const e2e = useE2e();
let sharer: SignedInUser;
let listener: SignedInUser;
let sharerPage: Page;
let listenerPage: Page;
let sessionId: string;

const TOPIC = 'anxiety';
const BIO =
  "I've volunteered as a listener for a few years. I know how heavy anxiety and stress can feel, " +
  'and I am here to listen without judgement, for as long as you need.';

const isFocused = (locator: Locator) =>
  locator.evaluate((element) => element === document.activeElement);

/** Presses Tab (or Shift+Tab) until the target has focus: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}) {
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Could not reach ${target.toString()} with the keyboard`);
}

beforeAll(async () => {
  sharer = await signUp(e2e.app, { roles: ['sharer'] });
  listener = await signUp(e2e.app, { roles: ['listener'] });
  // The listener's profile, as they would set it on the profile page.
  const profile = await callApi(e2e.app, listener, 'PATCH', '/users/me', {
    listener_topics: [TOPIC, 'stress'],
    languages: ['English'],
    bio: BIO,
  });
  expect(profile.statusCode).toBe(200);
});

describe('a sharer and a listener, from the queue to a rating', () => {
  it('the listener signs in and goes available on the queue page', async () => {
    listenerPage = await signIn(await e2e.newContext(), listener, '/listener/queue');
    await listenerPage.getByRole('heading', { level: 1, name: 'Listener queue' }).waitFor();
    await listenerPage.getByText('No ratings yet').waitFor();
    await listenerPage.getByText('You are not visible to Sharers').waitFor();

    const available = listenerPage.getByRole('radio', { name: /^Available/ });
    await available.check();
    await listenerPage.getByText('Waiting for Sharers…').waitFor();
    expect(await available.isChecked()).toBe(true);
    expect(await listenerPage.getByRole('checkbox', { name: /Play a sound/ }).isChecked()).toBe(
      false,
    );
    await expectNoSeriousA11yViolations(listenerPage, 'listener queue');
  });

  it('the sharer finds the listener and connects, by keyboard only', async () => {
    sharerPage = await signIn(await e2e.newContext(), sharer, '/dashboard');
    await tabTo(sharerPage, sharerPage.getByRole('link', { name: 'Talk to someone' }));
    await sharerPage.keyboard.press('Enter');
    await sharerPage.waitForURL('**/sharer/find-listener');
    await sharerPage.getByRole('heading', { level: 1, name: 'Find a listener' }).waitFor();

    const topic = sharerPage.getByRole('textbox', { name: 'What would you like to talk about?' });
    await tabTo(sharerPage, topic);
    await sharerPage.keyboard.type(TOPIC);
    // The matching suggestion chip shows as chosen.
    await expect
      .poll(() =>
        sharerPage.getByRole('button', { name: TOPIC, exact: true }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    await tabTo(sharerPage, sharerPage.getByRole('button', { name: 'Find listeners' }));
    await sharerPage.keyboard.press('Enter');

    const card = sharerPage.getByRole('article', { name: listener.pseudonym });
    await card.waitFor();
    await sharerPage.getByText('Limited availability.', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('New listener');
    expect(await card.getByRole('listitem').allTextContents()).toEqual([TOPIC, 'stress']);
    // A long bio is cut, and "Read more" shows the rest.
    expect(await card.textContent()).not.toContain('for as long as you need');
    const readMore = card.getByRole('button', { name: /Read more/ });
    await tabTo(sharerPage, readMore);
    await sharerPage.keyboard.press('Enter');
    await card.getByText(/for as long as you need\.$/).waitFor();
    expect(
      await card.getByRole('button', { name: /Show less/ }).getAttribute('aria-expanded'),
    ).toBe('true');
    await expectNoSeriousA11yViolations(sharerPage, 'find a listener');

    await tabTo(
      sharerPage,
      card.getByRole('button', { name: `Connect with ${listener.pseudonym}` }),
    );
    await sharerPage.keyboard.press('Enter');
    await sharerPage.waitForURL('**/sharer/chat/*');
    sessionId = new URL(sharerPage.url()).pathname.split('/').at(-1) ?? '';
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the listener is told and moved to the chat', async () => {
    await listenerPage
      .getByRole('status')
      .filter({ hasText: `New chat request from ${sharer.pseudonym}` })
      .waitFor();
    await listenerPage.waitForURL(`**/listener/chat/${sessionId}`);
    await listenerPage.getByRole('heading', { level: 1, name: sharer.pseudonym }).waitFor();
    await sharerPage.getByRole('heading', { level: 1, name: listener.pseudonym }).waitFor();
  });

  it('they talk both ways, and each sees the other typing', async () => {
    /** `writer` types (the reader sees them typing), sends, and the reader reads it. */
    const say = async (writer: Page, name: string, reader: Page, text: string) => {
      await chat.composer(writer).fill(text);
      await reader.getByText(`${name} is typing…`).waitFor();
      await chat.composer(writer).press('Enter');
      await reader.getByText(text, { exact: true }).waitFor();
    };
    await say(
      sharerPage,
      sharer.pseudonym,
      listenerPage,
      "Hi. I've been feeling anxious all week.",
    );
    await say(
      listenerPage,
      listener.pseudonym,
      sharerPage,
      "I'm glad you reached out. What's been on your mind?",
    );
  });

  it('offers crisis help and a report form on the chat screen', async () => {
    await listenerPage.getByRole('button', { name: 'Get help now' }).click();
    const help = listenerPage.getByRole('dialog', { name: 'Help is available' });
    await help.waitFor();
    expect(await help.getByRole('link', { name: /Find a helpline/ }).getAttribute('href')).toBe(
      'https://findahelpline.com',
    );
    await help.getByText('You can end this chat at any time.').waitFor();
    await listenerPage.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Report one of the sharer's messages from its menu: two clicks to the form.
    const theirs = listenerPage
      .getByRole('region', { name: 'Messages' })
      .locator('ol > li')
      .filter({ hasText: "Hi. I've been feeling anxious all week." });
    await theirs.getByRole('button', { name: 'Message options' }).click();
    await listenerPage.getByRole('button', { name: 'Report message' }).click();
    const report = listenerPage.getByRole('dialog', { name: 'Report a message' });
    await report.getByLabel('Reason').selectOption('spam');
    await report.getByLabel('What happened?').fill('Testing the report form.');
    await report.getByText('24/1000').waitFor();
    await report.getByRole('button', { name: 'Send report' }).click();
    await report.getByText('Thank you. Our team will review this.').waitFor();
    await report.getByRole('button', { name: 'Close' }).click();
    await report.waitFor({ state: 'hidden' });
  });

  it('the sharer ends the chat after confirming, by keyboard, and both see it ended', async () => {
    await tabTo(sharerPage, sharerPage.getByRole('button', { name: 'End chat' }));
    await sharerPage.keyboard.press('Enter');
    const confirm = sharerPage.getByRole('dialog', { name: 'End this chat?' });
    await confirm.getByText('Are you sure you want to end this chat?').waitFor();
    // The safe choice has focus first.
    expect(await isFocused(confirm.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await tabTo(sharerPage, confirm.getByRole('button', { name: 'End chat' }));
    await sharerPage.keyboard.press('Enter');

    for (const page of [sharerPage, listenerPage]) {
      await page.getByText('This chat has ended.', { exact: false }).first().waitFor();
      await expect.poll(() => chat.composer(page).isDisabled()).toBe(true);
    }
    await sharerPage.getByRole('dialog', { name: 'How was your experience?' }).waitFor();
    // The listener accepts feedback, so they are asked too.
    await listenerPage.getByRole('dialog', { name: 'How was your experience?' }).waitFor();
    await expectNoSeriousA11yViolations(sharerPage, 'chat with the feedback modal');
  });

  it('the sharer gives five stars and a comment, by keyboard', async () => {
    const modal = sharerPage.getByRole('dialog', { name: 'How was your experience?' });
    const fiveStars = modal.getByRole('radio', { name: '5 stars' });
    await tabTo(sharerPage, modal.getByRole('radio', { name: '1 star' }));
    for (let i = 0; i < 5 && !(await fiveStars.isChecked()); i++) {
      await sharerPage.keyboard.press('ArrowRight');
    }
    expect(await fiveStars.isChecked()).toBe(true);
    await modal.getByText('5 stars · Excellent').waitFor();

    await tabTo(sharerPage, modal.getByRole('textbox', { name: /Additional comments/ }));
    await sharerPage.keyboard.type('Thank you for listening.');
    await modal.getByText('24/500').waitFor();
    await tabTo(sharerPage, modal.getByRole('button', { name: 'Send feedback' }));
    await sharerPage.keyboard.press('Enter');

    await sharerPage.waitForURL('**/dashboard');
    await sharerPage
      .getByRole('status')
      .filter({ hasText: 'Thank you for your feedback.' })
      .waitFor();
  });

  it('the listener skips their own feedback and sees the new rating on the queue', async () => {
    await listenerPage
      .getByRole('dialog', { name: 'How was your experience?' })
      .getByRole('button', { name: 'Skip' })
      .click();
    await listenerPage.waitForURL('**/listener/queue');
    const rating = listenerPage.getByRole('definition').filter({ hasText: /5\.0/ }).first();
    await rating.waitFor();
    expect(await rating.textContent()).toMatch(/★\s*5\.0/);
    await listenerPage.getByText('No ratings yet').waitFor({ state: 'detached' });
    // Available again once the chat is over, and one chat more.
    await listenerPage.getByText('Waiting for Sharers…').waitFor();
    const chats = listenerPage.getByRole('definition').filter({ hasText: /^1$/ });
    await chats.waitFor();
  });
});
