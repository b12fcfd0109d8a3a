import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ApiCall, callApi, type SignedInUser } from '../apps/server/test/factories';
import { directChat, listeningChat } from '../apps/server/test/scenarios';
import { chat, signIn, useE2e, useScenario } from './support';

/**
 * The chat reads like a messenger: no name over one's own messages, runs of messages grouped
 * (one name, one time), a line for each day, a quiet reminder that a listening chat disappears,
 * actions on hover (mouse) or a long press (touch), "Connecting…" when the socket is slow, toasts
 * clear of the message box, a blocked conversation closed up front, a muted one's badge grey,
 * and, on a wide screen, the inbox beside the conversation.
 */

const e2e = useE2e();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** Calls the API of this file's server as a user. */
const api = (...call: ApiCall) => callApi(e2e.app, ...call);

const OWN_FIRST = 'It is three in the morning again.';
const OWN_SECOND = 'And I keep thinking about work.';
const THEIRS = "I'm glad you wrote. What about work keeps you up?";

const say = async (user: SignedInUser, sessionId: string, content: string) => {
  const sent = await api(user, 'POST', `/chat/sessions/${sessionId}/messages`, {
    content,
  });
  expect(sent.statusCode, sent.body).toBe(201);
};

/** A listening chat with a short exchange in it, and an ended direct conversation. */
const people = useScenario(e2e, async (app) => {
  const { sharer, listener, chatId } = await listeningChat(app);
  await say(sharer, chatId, OWN_FIRST);
  await say(sharer, chatId, OWN_SECOND);
  await say(listener, chatId, THEIRS);
  const { a: alex, b: sam, id: directId } = await directChat(app, { sessionEnded: true });
  return { sharer, listener, chatId, alex, sam, directId };
});

/** The list item of the message with exactly this text. */
const messageItem = (page: Page, text: string) =>
  chat
    .messages(page)
    .locator('ol > li')
    .filter({ has: page.getByText(text, { exact: true }) });

const width = async (locator: Locator) => (await locator.boundingBox())?.width ?? 0;

describe('a chat that reads like a messenger', () => {
  it('groups a run of messages: no name over my own, one name over theirs, one time per run', async () => {
    const page = await signIn(await e2e.newContext(), people.sharer, `/chat/${people.chatId}`);
    const first = messageItem(page, OWN_FIRST);
    const second = messageItem(page, OWN_SECOND);
    const theirs = messageItem(page, THEIRS);
    await theirs.waitFor();
    // My own pseudonym is not shown anywhere in the chat; theirs is, above their message.
    expect(
      await chat.messages(page).getByText(people.sharer.pseudonym, { exact: true }).count(),
    ).toBe(0);
    await theirs
      .getByText(people.listener.pseudonym, { exact: true })
      .waitFor({ state: 'visible' });
    // The run of two shows its time under the last one only (screen readers hear every time).
    const meta = (item: Locator) => item.locator('p', { has: page.locator('time') });
    expect(await width(meta(first))).toBeLessThan(2);
    expect(await width(meta(second))).toBeGreaterThan(10);
    expect(await first.textContent()).toMatch(/You:.*\d{2}:\d{2}/);
    // A line for the day, and the quiet reminder that this chat does not last.
    await chat.messages(page).getByText('Today', { exact: true }).waitFor();
    await chat
      .messages(page)
      .getByText(/disappear .* 24 hours after it started/)
      .waitFor();
    await page.context().close();
  });

  it('shows a message’s actions on hover with a mouse, not as a row under every message', async () => {
    const page = await signIn(await e2e.newContext(), people.sharer, `/chat/${people.chatId}`);
    const theirs = messageItem(page, THEIRS);
    const react = theirs.getByRole('button', { name: 'Add a reaction' });
    await react.waitFor();
    const actions = theirs.locator('[data-message-actions]');
    const opacity = () => actions.evaluate((el) => getComputedStyle(el).opacity);
    // The pointer rests where the sign-in button was: move it off the messages first.
    await page.mouse.move(1, 1);
    await expect.poll(opacity).toBe('0');
    await theirs.getByText(THEIRS, { exact: true }).hover();
    await expect.poll(opacity).toBe('1');
    // Keyboard users reach them too: focus shows them.
    await page.mouse.move(0, 0);
    await react.focus();
    await expect.poll(opacity).toBe('1');
    await page.context().close();
  });

  it('on a touch screen, a long press opens a message’s actions, and a tap elsewhere closes them', async () => {
    const page = await signIn(await e2e.newContext(PHONE), people.sharer, `/chat/${people.chatId}`);
    const theirs = messageItem(page, THEIRS);
    const react = theirs.locator('[data-message-actions]');
    await react.waitFor({ state: 'attached' });
    expect(await width(react)).toBeLessThan(2);
    const bubble = theirs.getByText(THEIRS, { exact: true });
    const box = (await bubble.boundingBox())!;
    const at = { clientX: box.x + 20, clientY: box.y + 10, pointerType: 'touch', isPrimary: true };
    await bubble.dispatchEvent('pointerdown', at);
    await page.waitForTimeout(700);
    await bubble.dispatchEvent('pointerup', at);
    await expect.poll(() => width(react)).toBeGreaterThanOrEqual(88);
    // A tap somewhere else puts them away again.
    await chat.messages(page).getByText('Today', { exact: true }).tap();
    await expect.poll(() => width(react)).toBeLessThan(2);
    // A short tap on a message does nothing.
    await bubble.tap();
    await page.waitForTimeout(600);
    expect(await width(react)).toBeLessThan(2);
    await page.context().close();
  });

  it('says "Connecting…" when the connection has not come up after 3 seconds', async () => {
    const context = await e2e.newContext();
    // A socket that never answers: the handshake hangs.
    await context.routeWebSocket('**/socket.io/**', () => undefined);
    const page = await signIn(context, people.sharer, `/chat/${people.chatId}`);
    const notice = page.getByRole('status').filter({ hasText: /^Connecting…/ });
    await page.waitForTimeout(1500);
    expect(await notice.count()).toBe(0);
    await notice.waitFor({ timeout: 5000 });
    await context.close();
  });

  it('greys the partner’s presence while I am offline', async () => {
    const context = await e2e.newContext();
    const page = await signIn(context, people.listener, `/chat/${people.chatId}`);
    const presence = page.getByText(/may be out of date: you are offline/);
    await page.getByRole('heading', { level: 1, name: people.sharer.pseudonym }).waitFor();
    expect(await presence.count()).toBe(0);
    await context.setOffline(true);
    await presence.waitFor({ state: 'attached' });
    await context.setOffline(false);
    await expect.poll(() => presence.count()).toBe(0);
    await context.close();
  });

  it('keeps toasts clear of the message box on a phone', async () => {
    const page = await signIn(
      await e2e.newContext(PHONE),
      people.alex,
      `/messages/${people.directId}`,
    );
    await chat.composer(page).waitFor();
    await page.getByRole('button', { name: 'Conversation options' }).click();
    await page.getByRole('button', { name: 'Mute…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'For 8 hours' }).click();
    const toast = page.getByRole('status').filter({ hasText: /^Muted until/ });
    await toast.waitFor();
    const toastBox = (await toast.boundingBox())!;
    const composerBox = (await chat.composer(page).boundingBox())!;
    const sendBox = (await page.getByRole('button', { name: 'Send', exact: true }).boundingBox())!;
    for (const box of [composerBox, sendBox]) {
      expect(toastBox.y + toastBox.height).toBeLessThan(box.y);
    }
    await api(people.alex, 'DELETE', `/conversations/${people.directId}/mute`);
    await page.context().close();
  });

  it('a muted conversation’s unread count is grey, an unmuted one’s is not', async () => {
    const muted = await api(people.alex, 'POST', `/conversations/${people.directId}/mute`, {
      duration: '8h',
    });
    expect(muted.statusCode, muted.body).toBe(200);
    await say(people.sam, people.directId, 'Are you awake?');
    const page = await signIn(await e2e.newContext(), people.alex, '/messages');
    const row = page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link')
      .filter({ hasText: people.sam.pseudonym });
    const badge = row.getByText('1', { exact: true });
    await badge.waitFor();
    const colours = () =>
      badge.evaluate((el) => {
        const root = getComputedStyle(document.documentElement);
        const probe = (name: string) => {
          const span = document.createElement('span');
          span.style.color = root.getPropertyValue(name);
          document.body.append(span);
          const value = getComputedStyle(span).color;
          span.remove();
          return value;
        };
        return {
          badge: getComputedStyle(el.parentElement!).backgroundColor,
          surface: probe('--color-surface'),
          accent: probe('--color-primary-strong'),
        };
      });
    const mutedColours = await colours();
    expect(mutedColours.badge).toBe(mutedColours.surface);
    await api(people.alex, 'DELETE', `/conversations/${people.directId}/mute`);
    await page.reload();
    await badge.waitFor();
    const unmuted = await colours();
    expect(unmuted.badge).toBe(unmuted.accent);
    await page.context().close();
  });

  it('on a wide screen, the inbox stays beside the open conversation', async () => {
    const page = await signIn(
      await e2e.newContext({ viewport: { width: 1440, height: 900 } }),
      people.alex,
      `/messages/${people.directId}`,
    );
    const inbox = page.getByRole('navigation', { name: 'Your conversations' });
    const current = inbox.getByRole('link', { name: new RegExp(people.sam.pseudonym) });
    await current.waitFor();
    expect(await current.getAttribute('aria-current')).toBe('page');
    await chat.composer(page).waitFor();
    // Side by side: the list left of the conversation.
    const listBox = (await inbox.boundingBox())!;
    const chatBox = (await chat.messages(page).boundingBox())!;
    expect(listBox.x + listBox.width).toBeLessThanOrEqual(chatBox.x);
    // A phone shows one at a time.
    await page.setViewportSize({ width: 390, height: 844 });
    await inbox.waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('closes the message box up front, with one calm line, when the other person blocked', async () => {
    const blocked = await api(people.sam, 'POST', `/users/${people.alex.id}/block`, {});
    expect(blocked.statusCode, blocked.body).toBeLessThan(300);
    const page = await signIn(await e2e.newContext(), people.alex, `/messages/${people.directId}`);
    await page.getByText('You can no longer message this person.').waitFor();
    expect(await chat.composer(page).count()).toBe(0);
    await page.context().close();
  });
});
