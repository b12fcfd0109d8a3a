import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi } from '../apps/server/test/factories';
import { wav } from '../apps/server/test/media';
import { tinyPng } from '../apps/server/test/multipart';
import { listeningChat } from '../apps/server/test/scenarios';
import {
  chat,
  expectNoSeriousA11yViolations,
  mainNav,
  signIn,
  useE2e,
  useScenario,
} from './support';

/**
 * Direct messages in two browsers: after a listening chat ends, the sharer sends the listener a
 * message request from the ended chat; the listener accepts it from the inbox; they exchange a
 * text, a picture and a voice note; the listener blocks the sharer, whose next message is
 * refused with a clear reason.
 */

const e2e = useE2e({ env: { LISTENER_APPROVAL: 'off' } });
const people = useScenario(e2e, listeningChat);
let sharerPage: Page;
let listenerPage: Page;
let conversationId: string;

const REQUEST_TEXT = 'Thank you for listening yesterday. Could we keep talking here?';

const messagesLink = (page: Page) => mainNav(page).getByRole('link', { name: /^Messages/ });
/** The request in the inbox's list of requests received or sent that says `who` ("From …"). */
const requestItem = (page: Page, list: 'Requests received' | 'Requests sent', who: string) =>
  page.getByRole('list', { name: list }).getByRole('listitem').filter({ hasText: who });
/** The sharer's request, as the listener's inbox shows it. */
const requestFromSharer = () =>
  requestItem(listenerPage, 'Requests received', `From ${people.sharer.pseudonym}`);

describe('direct messages after a listening chat', () => {
  it('the two talk in a listening chat, which the sharer ends', async () => {
    sharerPage = await signIn(
      await e2e.newContext(),
      people.sharer,
      `/sharer/chat/${people.chatId}`,
    );
    listenerPage = await signIn(
      await e2e.newContext(),
      people.listener,
      `/listener/chat/${people.chatId}`,
    );
    await chat.send(sharerPage, 'Hi, I could use someone to talk to.');
    await listenerPage.getByText('Hi, I could use someone to talk to.', { exact: true }).waitFor();
    await chat.send(listenerPage, "I'm here. Take your time.");
    await sharerPage.getByText("I'm here. Take your time.", { exact: true }).waitFor();

    await sharerPage.getByRole('button', { name: 'End chat' }).click();
    await sharerPage
      .getByRole('dialog', { name: 'End this chat?' })
      .getByRole('button', { name: 'End chat' })
      .click();
    for (const page of [sharerPage, listenerPage]) {
      const feedback = page.getByRole('dialog', { name: 'How was your experience?' });
      await feedback.waitFor();
      await page.keyboard.press('Escape');
      await feedback.waitFor({ state: 'hidden' });
      await page.getByText('This chat has ended.', { exact: false }).first().waitFor();
    }
  });

  it('the listener opens an empty inbox, by keyboard, with nothing waiting', async () => {
    await messagesLink(listenerPage).click();
    await listenerPage.waitForURL('**/messages');
    await listenerPage.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await listenerPage.getByText('No conversations yet').waitFor();
    await expectNoSeriousA11yViolations(listenerPage, 'inbox, conversations tab (empty)');

    // Tabs follow the arrow keys.
    await listenerPage.getByRole('tab', { name: 'Conversations' }).focus();
    await listenerPage.keyboard.press('ArrowRight');
    const requestsTab = listenerPage.getByRole('tab', { name: /^Requests/ });
    await expect.poll(() => requestsTab.getAttribute('aria-selected')).toBe('true');
    await listenerPage.getByText('No message requests waiting for you.').waitFor();
  });

  it('the sharer sends a message request from the ended chat, within 250 characters', async () => {
    await sharerPage.getByRole('button', { name: 'Send a message request' }).click();
    const dialog = sharerPage.getByRole('dialog', {
      name: `Send a message request to ${people.listener.pseudonym}`,
    });
    const message = dialog.getByRole('textbox', { name: 'Your message' });
    // The text box has focus at once.
    await expect.poll(() => message.evaluate((el) => el === document.activeElement)).toBe(true);
    await message.fill('x'.repeat(251));
    await dialog.getByText('251/250').waitFor();
    await dialog.getByText('Keep it to 250 characters or fewer').waitFor();
    expect(await dialog.getByRole('button', { name: 'Send request' }).isDisabled()).toBe(true);

    await message.fill(REQUEST_TEXT);
    await dialog.getByText(`${REQUEST_TEXT.length}/250`).waitFor();
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `Message request sent to ${people.listener.pseudonym}` })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The ended chat now says a request is waiting instead of offering a second one, and focus
    // moves there from the closed dialog.
    const pending = sharerPage.getByRole('link', { name: /Message request pending/ });
    await pending.waitFor();
    await expect.poll(() => pending.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await sharerPage.getByRole('button', { name: 'Send a message request' }).count()).toBe(
      0,
    );
  });

  it('the sharer takes the request back, the listener sees it go, and the sharer asks again', async () => {
    const received = requestFromSharer();
    await received.waitFor();

    await sharerPage.getByRole('link', { name: /Message request pending/ }).click();
    await sharerPage.waitForURL('**/messages?tab=requests');
    await sharerPage.getByRole('button', { name: 'Sent', exact: true }).click();
    const sent = requestItem(sharerPage, 'Requests sent', `To ${people.listener.pseudonym}`);
    await sent.getByText(REQUEST_TEXT).waitFor();
    await sent
      .getByRole('button', { name: `Cancel request to ${people.listener.pseudonym}` })
      .click();
    await sharerPage
      .getByText('None of your message requests are waiting for an answer.')
      .waitFor();
    // Focus stays in the section instead of falling back to the page.
    expect(
      await sharerPage
        .getByRole('button', { name: 'Sent', exact: true })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await received.waitFor({ state: 'detached' });

    await sharerPage.goBack();
    await sharerPage.waitForURL(`**/sharer/chat/${people.chatId}`);
    // Back on the ended chat, feedback is asked for again until given or skipped.
    const feedback = sharerPage.getByRole('dialog', { name: 'How was your experience?' });
    await feedback.waitFor();
    await sharerPage.keyboard.press('Escape');
    await feedback.waitFor({ state: 'hidden' });
    await sharerPage.getByRole('button', { name: 'Send a message request' }).click();
    const dialog = sharerPage.getByRole('dialog', {
      name: `Send a message request to ${people.listener.pseudonym}`,
    });
    await dialog.getByRole('textbox', { name: 'Your message' }).fill(REQUEST_TEXT);
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `Message request sent to ${people.listener.pseudonym}` })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('the listener sees the request arrive live and accepts it', async () => {
    const request = requestFromSharer();
    await request.waitFor();
    await request.getByText(REQUEST_TEXT).waitFor();
    await expectNoSeriousA11yViolations(listenerPage, 'inbox, requests tab');

    await request
      .getByRole('button', { name: `Accept request from ${people.sharer.pseudonym}` })
      .click();
    await listenerPage.waitForURL('**/messages/*');
    conversationId = new URL(listenerPage.url()).pathname.split('/').at(-1) ?? '';
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    await listenerPage.getByRole('heading', { level: 1, name: people.sharer.pseudonym }).waitFor();
    // The request is the conversation's first message.
    await chat.messages(listenerPage).getByText(REQUEST_TEXT).waitFor();
  });

  it('the sharer finds the conversation in the inbox, with an unread badge', async () => {
    await messagesLink(sharerPage).click();
    await sharerPage.waitForURL('**/messages');
    const row = sharerPage
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link')
      .filter({ hasText: people.listener.pseudonym });
    await row.waitFor();

    await chat.send(listenerPage, 'Of course. How are you today?');
    await row.getByText('How are you today?', { exact: false }).waitFor();
    await row.getByText('1 unread message').waitFor();
    await expect.poll(() => messagesLink(sharerPage).textContent()).toMatch(/1 unread/);
    await expectNoSeriousA11yViolations(sharerPage, 'inbox, conversations tab');

    // "New message request" lists recent listening partners; this one is already a conversation.
    await sharerPage.getByRole('button', { name: 'New message request' }).click();
    const choose = sharerPage.getByRole('dialog', { name: 'New message request' });
    await choose
      .getByRole('link', { name: `Open conversation with ${people.listener.pseudonym}` })
      .waitFor();
    await choose.getByRole('button', { name: 'Close' }).click();
    await choose.waitFor({ state: 'hidden' });

    await row.click();
    await sharerPage.waitForURL(`**/messages/${conversationId}`);
    await chat.messages(sharerPage).getByText('Of course. How are you today?').waitFor();
    // Read: the badge goes.
    await expect.poll(() => messagesLink(sharerPage).textContent()).toBe('Messages');
  });

  it('they exchange texts in the conversation', async () => {
    await chat.send(sharerPage, 'Better than last week, thanks.');
    await chat.messages(listenerPage).getByText('Better than last week, thanks.').waitFor();
    // A direct conversation has no end: no "End chat", and the input stays open.
    expect(await sharerPage.getByRole('button', { name: 'End chat' }).count()).toBe(0);
    expect(await chat.composer(sharerPage).isDisabled()).toBe(false);
    await expectNoSeriousA11yViolations(sharerPage, 'direct conversation');
  });

  it('they exchange a picture and a voice note', async () => {
    const attach = sharerPage.getByLabel('Attach a file');
    await attach.setInputFiles({ name: 'sunrise.png', mimeType: 'image/png', buffer: tinyPng });
    await sharerPage.getByRole('button', { name: 'Send', exact: true }).click();
    const picture = chat.messages(listenerPage).locator('img[src*="/attachments/"]');
    await picture.waitFor();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

    await listenerPage
      .getByLabel('Attach a file')
      .setInputFiles({ name: 'hello.wav', mimeType: 'audio/wav', buffer: wav(500) });
    await listenerPage.getByRole('button', { name: 'Send', exact: true }).click();
    const player = chat.messages(sharerPage).locator('audio');
    await player.waitFor();
    expect(await player.getAttribute('src')).toMatch(/\/attachments\//);
    await expectNoSeriousA11yViolations(sharerPage, 'direct conversation with attachments');
  });

  it('the listener mutes, archives and clears the conversation, for themself only', async () => {
    const options = listenerPage.getByRole('button', { name: 'Conversation options' });
    await options.click();
    await listenerPage.getByRole('button', { name: 'Mute…' }).click();
    const mute = listenerPage.getByRole('dialog', { name: `Mute ${people.sharer.pseudonym}?` });
    await mute.getByRole('button', { name: 'For 8 hours' }).click();
    await mute.waitFor({ state: 'hidden' });
    await listenerPage
      .getByText(/^Muted until /)
      .first()
      .waitFor();

    await options.click();
    await listenerPage.getByRole('button', { name: 'Archive', exact: true }).click();
    await listenerPage.getByRole('status').filter({ hasText: 'Archived.' }).waitFor();

    await options.click();
    await listenerPage.getByRole('button', { name: 'Clear chat…' }).click();
    const clear = listenerPage.getByRole('dialog', { name: 'Clear this chat?' });
    await clear.getByText('Clears this chat for you only').waitFor();
    await clear.getByRole('button', { name: 'Clear chat' }).click();
    await clear.waitFor({ state: 'hidden' });
    await expect
      .poll(() => chat.messages(listenerPage).getByText('Better than last week, thanks.').count())
      .toBe(0);
    // The sharer still has every message.
    await chat.messages(sharerPage).getByText('Better than last week, thanks.').waitFor();

    // Archived and muted: under Archived in the inbox, with the muted mark.
    await messagesLink(listenerPage).click();
    await listenerPage.waitForURL('**/messages*');
    await listenerPage.getByRole('tab', { name: 'Conversations' }).click();
    await listenerPage.getByRole('button', { name: 'Archived', exact: true }).click();
    const row = listenerPage
      .getByRole('list', { name: 'Archived conversations' })
      .getByRole('link')
      .filter({ hasText: people.sharer.pseudonym });
    await row.getByText(/Muted until/).waitFor();
    await expectNoSeriousA11yViolations(listenerPage, 'inbox, archived');
    await row.click();
    await listenerPage.waitForURL(`**/messages/${conversationId}`);
    await listenerPage.getByRole('heading', { level: 1, name: people.sharer.pseudonym }).waitFor();
    // Still cleared after opening it again.
    await chat.messages(listenerPage).waitFor();
    expect(
      await chat.messages(listenerPage).getByText('Better than last week, thanks.').count(),
    ).toBe(0);
  });

  it('the listener blocks the sharer from the conversation menu, by keyboard', async () => {
    await listenerPage.getByRole('button', { name: 'Conversation options' }).focus();
    await listenerPage.keyboard.press('Enter');
    const block = listenerPage.getByRole('button', { name: `Block ${people.sharer.pseudonym}…` });
    await block.waitFor();
    await block.focus();
    await listenerPage.keyboard.press('Enter');
    const dialog = listenerPage.getByRole('dialog', { name: `Block ${people.sharer.pseudonym}?` });
    await dialog.getByRole('button', { name: 'Block' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await listenerPage.getByText(`You blocked ${people.sharer.pseudonym}.`).waitFor();
    expect(await chat.composer(listenerPage).count()).toBe(0);
    await expectNoSeriousA11yViolations(listenerPage, 'direct conversation, blocked');
  });

  it("the sharer's next message is refused with a clear reason", async () => {
    await chat.send(sharerPage, 'Are you still there?');
    await chat.messages(sharerPage).getByText('You can no longer message this person').waitFor();
    // Said once more where the input was, which makes way for it.
    await sharerPage
      .getByRole('alert')
      .filter({ hasText: 'You can no longer message this person. Your message was not sent.' })
      .waitFor();
    expect(await chat.composer(sharerPage).count()).toBe(0);
    // Nothing reached the listener.
    await listenerPage.waitForTimeout(500);
    expect(await chat.messages(listenerPage).getByText('Are you still there?').count()).toBe(0);
  });

  it('privacy settings for direct messages are on the profile page', async () => {
    await listenerPage.goto('/profile');
    const requests = listenerPage.getByRole('checkbox', {
      name: /Let people I haven't chatted with send me message requests/,
    });
    await requests.waitFor();
    const receipts = listenerPage.getByRole('checkbox', { name: /Send read receipts/ });
    expect(await receipts.isChecked()).toBe(true);
    await receipts.uncheck();
    await listenerPage.getByRole('checkbox', { name: /Show when I'm online/ }).waitFor();
    await listenerPage.getByRole('button', { name: 'Save profile' }).click();
    await listenerPage.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
    const me = await callApi(e2e.app, people.listener, 'GET', '/users/me');
    expect(me.json().privacy_settings).toMatchObject({ read_receipts: false });

    // Only listeners can be found by strangers: sharers don't get that switch.
    await sharerPage.goto('/profile');
    await sharerPage.getByRole('checkbox', { name: /Send read receipts/ }).waitFor();
    expect(await sharerPage.getByRole('checkbox', { name: /message requests/ }).count()).toBe(0);
  });
});
