import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedInUser } from '../apps/server/test/factories';
import { storedListeningChat } from '../apps/server/test/scenarios';
import { chat, expectNoSeriousA11yViolations, signIn, useE2e } from './support';

const e2e = useE2e();
let sharer: SignedInUser;
let listener: SignedInUser;
let chatId: string;
let sharerPage: Page;
let listenerPage: Page;

/** Signs in through the login page, in a browser of their own, and lands on the chat. */
const openChatAs = async (user: SignedInUser) =>
  signIn(await e2e.newContext(), user, `/chat/${chatId}`);

/** The list item of the message with exactly this text (reaction lists are nested items). */
const messageItem = (page: Page, text: string) =>
  chat
    .messages(page)
    .locator('ol > li')
    .filter({ has: page.getByText(text, { exact: true }) });
/** Message texts in the order shown. */
const shownTexts = (page: Page) =>
  chat.messages(page).locator('[data-message-content]').allTextContents();

/** The chat once the hello, the reply and both messages written offline are in, oldest first. */
const HISTORY = [
  'Hi, is anyone there?',
  "Hi, I'm here to listen. How are you feeling?",
  'Written offline, first',
  'Written offline, second',
];

async function centreX(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return box.x + box.width / 2;
}

beforeAll(async () => {
  ({ sharer, listener, chatId } = await storedListeningChat(e2e.app));
});

/** Takes the page's browser offline and waits until the page says so (`status`). */
async function goOffline(page: Page, status: RegExp = /offline/): Promise<void> {
  await page.context().setOffline(true);
  await page.getByRole('status').filter({ hasText: status }).waitFor();
}

describe('two people chatting in real time', () => {
  it('both open the chat and see who they are talking to', async () => {
    sharerPage = await openChatAs(sharer);
    listenerPage = await openChatAs(listener);
    await sharerPage.getByRole('heading', { level: 1, name: listener.pseudonym }).waitFor();
    await listenerPage.getByRole('heading', { level: 1, name: sharer.pseudonym }).waitFor();
    await sharerPage.getByText(`Say hello — ${listener.pseudonym} is here to listen`).waitFor();
    // Each sees the other online once both sockets are up.
    await sharerPage.getByText('Online', { exact: true }).waitFor();
    await listenerPage.getByText('Online', { exact: true }).waitFor();
  });

  it('sees the other typing, then exchanges messages: own on the right, theirs on the left', async () => {
    await chat.composer(sharerPage).fill('Hi, is anyone there?');
    await listenerPage.getByText(`${sharer.pseudonym} is typing…`).waitFor();
    await chat.composer(sharerPage).press('Enter');
    await expect.poll(() => chat.composer(sharerPage).inputValue()).toBe('');

    await listenerPage.getByText('Hi, is anyone there?', { exact: true }).waitFor();
    // Screen readers hear who wrote what.
    await expect
      .poll(() => listenerPage.locator('[aria-live="polite"]').textContent())
      .toBe(`${sharer.pseudonym}: Hi, is anyone there?`);
    await chat.send(listenerPage, "Hi, I'm here to listen. How are you feeling?");
    await sharerPage
      .getByText("Hi, I'm here to listen. How are you feeling?", { exact: true })
      .waitFor();

    for (const [page, own, theirs] of [
      [sharerPage, 'Hi, is anyone there?', "Hi, I'm here to listen. How are you feeling?"],
      [listenerPage, "Hi, I'm here to listen. How are you feeling?", 'Hi, is anyone there?'],
    ] as const) {
      const ownX = await centreX(page.getByText(own, { exact: true }));
      const theirsX = await centreX(page.getByText(theirs, { exact: true }));
      const list = await chat.messages(page).boundingBox();
      const middle = list ? list.x + list.width / 2 : 0;
      expect(ownX).toBeGreaterThan(middle);
      expect(theirsX).toBeLessThan(middle);
    }
    // The other person's pseudonym and the time are shown on their message.
    const theirs = messageItem(sharerPage, "Hi, I'm here to listen. How are you feeling?");
    expect(await theirs.textContent()).toContain(listener.pseudonym);
    expect(await theirs.locator('time').textContent()).toMatch(/^\d{2}:\d{2}$/);
  });

  it('shows Read on a message once the other person has seen it', async () => {
    const mine = messageItem(sharerPage, 'Hi, is anyone there?');
    await expect.poll(() => mine.textContent(), { timeout: 10_000 }).toMatch(/Read/);
    const reply = messageItem(listenerPage, "Hi, I'm here to listen. How are you feeling?");
    await expect.poll(() => reply.textContent(), { timeout: 10_000 }).toMatch(/Read/);
  });

  it('has no serious accessibility problems on the chat page', async () => {
    await expectNoSeriousA11yViolations(sharerPage, 'chat (sharer)');
    await expectNoSeriousA11yViolations(listenerPage, 'chat (listener)');
  });

  it('keeps messages written offline and delivers each exactly once, in order, when back online', async () => {
    await goOffline(sharerPage, /offline|Reconnecting/);

    await chat.send(sharerPage, 'Written offline, first');
    await chat.send(sharerPage, 'Written offline, second');
    for (const text of ['Written offline, first', 'Written offline, second']) {
      await expect.poll(() => messageItem(sharerPage, text).textContent()).toMatch(/Sending…/);
    }
    // Stored before anything was emitted, so a reload or a crash would not lose them.
    const stored = await sharerPage.evaluate(() =>
      Object.keys(localStorage)
        .filter((key) => key.startsWith('kindred.outbox'))
        .map((key) => localStorage.getItem(key) ?? '')
        .join(''),
    );
    expect(stored).toContain('Written offline, first');
    expect(stored).toContain('Written offline, second');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await listenerPage.getByText('Written offline, first').count()).toBe(0);

    await sharerPage.context().setOffline(false);
    await listenerPage.getByText('Written offline, second', { exact: true }).waitFor();
    await expect
      .poll(() => messageItem(sharerPage, 'Written offline, second').textContent())
      .not.toMatch(/Sending…/);
    for (const page of [listenerPage, sharerPage]) {
      expect(await page.getByText('Written offline, first', { exact: true }).count()).toBe(1);
      expect(await page.getByText('Written offline, second', { exact: true }).count()).toBe(1);
      const texts = await shownTexts(page);
      expect(texts.indexOf('Written offline, first')).toBeGreaterThanOrEqual(0);
      expect(texts.indexOf('Written offline, first')).toBeLessThan(
        texts.indexOf('Written offline, second'),
      );
    }
    await expect
      .poll(() =>
        sharerPage
          .getByRole('status')
          .filter({ hasText: /offline/ })
          .count(),
      )
      .toBe(0);
  });

  it('still has the whole history, once each, after a reload', async () => {
    await sharerPage.reload();
    await sharerPage.getByText('Written offline, second', { exact: true }).waitFor();
    const texts = await shownTexts(sharerPage);
    expect(texts).toEqual(HISTORY);
  });

  it('catches up on what arrived while the page was offline', async () => {
    await goOffline(listenerPage);
    await chat.send(sharerPage, 'Sent while you were away');
    await expect
      .poll(() => messageItem(sharerPage, 'Sent while you were away').textContent())
      .toMatch(/Sent/);
    await listenerPage.context().setOffline(false);
    await listenerPage.getByText('Sent while you were away', { exact: true }).waitFor();
    await expect
      .poll(() => shownTexts(listenerPage))
      .toEqual([...HISTORY, 'Sent while you were away']);
  });

  it('refreshes an expired session when reconnecting, and carries on', async () => {
    // The access cookie goes bad while the connection is down (as after 15 minutes away).
    await goOffline(sharerPage);
    await sharerPage
      .context()
      .addCookies([
        { name: 'access_token', value: 'expired', url: e2e.server.baseUrl, httpOnly: true },
      ]);
    await chat.send(sharerPage, 'Back after a while');
    await sharerPage.context().setOffline(false);
    await listenerPage.getByText('Back after a while', { exact: true }).waitFor();
    expect(sharerPage.url()).toContain(`/chat/${chatId}`);
    const cookie = (await sharerPage.context().cookies()).find((c) => c.name === 'access_token');
    expect(cookie?.value).not.toBe('expired');
  });

  it('reacts, edits and deletes, and the other side sees each change', async () => {
    const target = messageItem(listenerPage, 'Written offline, first');
    await target.getByRole('button', { name: 'Add a reaction' }).click();
    await listenerPage.getByRole('button', { name: 'Heart' }).click();
    await messageItem(sharerPage, 'Written offline, first')
      .getByRole('button', { name: 'Heart, 1' })
      .waitFor();

    const second = messageItem(sharerPage, 'Written offline, second');
    await second.getByRole('button', { name: 'Message options' }).click();
    await sharerPage.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = sharerPage.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Written offline, second (edited)');
    await editor.press('Enter');
    await listenerPage.getByText('Written offline, second (edited)', { exact: true }).waitFor();

    const edited = messageItem(sharerPage, 'Written offline, second (edited)');
    await edited.getByRole('button', { name: 'Message options' }).click();
    await sharerPage.getByRole('button', { name: 'Delete', exact: true }).click();
    await sharerPage
      .getByRole('dialog', { name: 'Delete this message?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await listenerPage.getByText('Message deleted').waitFor();
    expect(await listenerPage.getByText('Written offline, second (edited)').count()).toBe(0);
  });
});
