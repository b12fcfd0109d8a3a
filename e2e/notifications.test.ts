import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, type SignedInUser } from '../apps/server/test/factories';
import {
  connectedIn,
  expectNoSeriousA11yViolations,
  mainNav,
  openedListeningChat,
  signIn,
  useE2e,
} from './support';

/**
 * The notification centre in two browsers of one person: a listener (B) signed in twice reads
 * what was waiting with "Mark all as read"; a sharer (A) who had a listening chat with B sends
 * B a message request; B's bell in both counts it at once and the tab titles say so; B opens
 * it from the bell's dropdown in the first, which marks it read and goes to the requests, and
 * the second one's count drops to 0 too. Then the notifications page and the notification
 * settings, checked with axe.
 */

const e2e = useE2e({ env: { LISTENER_APPROVAL: 'off' } });
let a: SignedInUser;
let b: SignedInUser;
let tab1: Page;
let tab2: Page;

const REQUEST_TEXT = 'Thank you for listening today. Could we keep talking here?';

const bell = (page: Page) => mainNav(page).getByRole('button', { name: /^Notifications/ });
const bellName = (page: Page) => bell(page).getAttribute('aria-label');
const dropdown = (page: Page) => page.getByRole('group', { name: 'Notifications' });

beforeAll(async () => {
  ({ sharer: a, listener: b } = await openedListeningChat(e2e.app));
});

describe('notifications', () => {
  it('B, signed in in two tabs, reads what was waiting with "Mark all as read", by keyboard', async () => {
    tab1 = await signIn(await e2e.newContext(), b, '/dashboard');
    // The second browser runs on Berlin time: the settings should start from that zone.
    tab2 = await signIn(await e2e.newContext({ timezoneId: 'Europe/Berlin' }), b, '/dashboard');
    // The listening chat A asked for is waiting, unread.
    for (const page of [tab1, tab2]) {
      await expect.poll(() => bellName(page)).toBe('Notifications, 1 unread');
      await expect.poll(() => page.title()).toBe('(1) Dashboard · Kindred');
    }

    await bell(tab1).focus();
    await tab1.keyboard.press('Enter');
    expect(await bell(tab1).getAttribute('aria-expanded')).toBe('true');
    const waiting = dropdown(tab1).getByRole('link', { name: /Someone would like to talk/ });
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain('Unread:');
    await tab1.keyboard.press('Tab');
    const markAll = dropdown(tab1).getByRole('button', { name: 'Mark all as read' });
    expect(await markAll.evaluate((el) => el === document.activeElement)).toBe(true);
    await tab1.keyboard.press('Enter');
    for (const page of [tab1, tab2]) {
      await expect.poll(() => bellName(page)).toBe('Notifications');
      await expect.poll(() => page.title()).toBe('Dashboard · Kindred');
    }
    expect(await waiting.textContent()).not.toContain('Unread:');
    // Focus stayed in the dropdown; Escape closes it and gives focus back to the bell.
    expect(await markAll.evaluate((el) => el === document.activeElement)).toBe(true);
    await tab1.keyboard.press('Escape');
    await dropdown(tab1).waitFor({ state: 'detached' });
    expect(await bell(tab1).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("A's message request reaches both of B's tabs within a second", async () => {
    const sent = await callApi(e2e.app, a, 'POST', '/messages/request', {
      receiver_id: b.id,
      content: REQUEST_TEXT,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    for (const page of [tab1, tab2]) {
      await expect
        .poll(() => bellName(page), { timeout: 1000, interval: 50 })
        .toBe('Notifications, 1 unread');
    }
    await expect.poll(() => tab1.title()).toBe('(1) Dashboard · Kindred');
    await expect.poll(() => tab2.title()).toBe('(1) Dashboard · Kindred');
  });

  it('B opens it from the dropdown in tab 1: read, and on to the requests', async () => {
    await bell(tab1).click();
    const item = dropdown(tab1)
      .getByRole('list', { name: 'Latest notifications' })
      .getByRole('link', { name: /New message request/ });
    await item.waitFor();
    // Unread ones say so to screen readers, and name who it is from.
    expect(await item.textContent()).toContain('Unread: New message request');
    expect(await item.textContent()).toContain(`${a.pseudonym} would like to send you messages.`);
    await expectNoSeriousA11yViolations(tab1, 'notification dropdown');

    await item.click();
    await tab1.waitForURL('**/messages?tab=requests');
    await dropdown(tab1).waitFor({ state: 'detached' });
    await tab1.getByRole('list', { name: 'Requests received' }).getByText(REQUEST_TEXT).waitFor();
    await expect.poll(() => bellName(tab1)).toBe('Notifications');
    await expect.poll(() => tab1.title()).toBe('Messages · Kindred');
  });

  it('the count drops to 0 in tab 2 too', async () => {
    await expect.poll(() => bellName(tab2), { timeout: 2000 }).toBe('Notifications');
    await expect.poll(() => tab2.title()).toBe('Dashboard · Kindred');
    // Its dropdown shows the notification as read.
    await bell(tab2).click();
    const item = dropdown(tab2).getByRole('link', { name: /New message request/ });
    await item.waitFor();
    expect(await item.textContent()).not.toContain('Unread:');
    await tab2.keyboard.press('Escape');
  });

  it('the notifications page lists everything, and only the unread ones on request', async () => {
    await bell(tab2).click();
    await dropdown(tab2).getByRole('link', { name: 'See all notifications' }).click();
    await tab2.waitForURL('**/notifications');
    await tab2.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await tab2
      .getByRole('list', { name: 'All notifications' })
      .getByRole('link', { name: /New message request/ })
      .waitFor();
    await tab2.getByText('Nothing unread.').waitFor();
    await expectNoSeriousA11yViolations(tab2, 'notifications page');

    await tab2.getByRole('button', { name: 'Unread', exact: true }).click();
    await tab2.waitForURL('**/notifications?filter=unread');
    await tab2.getByText('You’re all caught up: nothing unread.').waitFor();
    expect(
      await tab2.getByRole('button', { name: 'Unread', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await expectNoSeriousA11yViolations(tab2, 'notifications page (unread, empty)');
  });

  it('the settings page saves preferences and explains what cannot change', async () => {
    await tab2.goto('/settings/notifications');
    await tab2.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    const emailForMessages = tab2.getByRole('checkbox', { name: 'Chat messages: E-mail' });
    await emailForMessages.waitFor();
    // Critical types stay on in the app, with the reason.
    const notes = tab2.getByRole('checkbox', { name: 'Notes from the Kindred team: In the app' });
    expect(await notes.isDisabled()).toBe(true);
    expect(await notes.isChecked()).toBe(true);
    const reasonId = await notes.getAttribute('aria-describedby');
    expect(await tab2.locator(`[id="${reasonId}"]`).textContent()).toContain(
      'Always shown in the app',
    );
    // The time zone starts as the browser's.
    const zone = 'Europe/Berlin';
    expect(await tab2.getByLabel('Time zone', { exact: true }).inputValue()).toBe(zone);
    await expectNoSeriousA11yViolations(tab2, 'notification settings');

    const wasChecked = await emailForMessages.isChecked();
    await emailForMessages.setChecked(!wasChecked);
    await tab2.getByRole('checkbox', { name: /^Pause e-mails and device notifications/ }).check();
    await tab2.getByLabel('From', { exact: true }).fill('21:30');
    await tab2.getByRole('radio', { name: /^Never/ }).check();
    await tab2.getByRole('button', { name: 'Save notification settings' }).click();
    await tab2.getByText('Notification settings saved').waitFor();

    const saved = await callApi(e2e.app, b, 'GET', '/notifications/preferences');
    expect(saved.json()).toMatchObject({
      types: { new_message: { email: !wasChecked } },
      quiet_hours: { enabled: true, start: '21:30', time_zone: zone },
      message_email: 'never',
    });

    // The server's own words explain a refusal, under the field it names.
    await tab2.route('**/api/v1/notifications/preferences', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 400,
            json: {
              success: false,
              code: 'VALIDATION_ERROR',
              error: 'Some fields are invalid',
              details: [
                {
                  path: 'quiet_hours.time_zone',
                  message: 'Choose a time zone such as Europe/London',
                },
              ],
            },
          })
        : route.fallback(),
    );
    await tab2.getByLabel('Until', { exact: true }).fill('06:45');
    await tab2.getByRole('button', { name: 'Save notification settings' }).click();
    await tab2.getByRole('alert').filter({ hasText: 'Some fields are invalid' }).waitFor();
    await tab2.getByText('Choose a time zone such as Europe/London').waitFor();
    expect(await tab2.getByLabel('Time zone', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await tab2.unroute('**/api/v1/notifications/preferences');
  });

  it('with desktop notifications on, a notification for a tab in the background shows one; clicking it opens it', async () => {
    // Another pair, so that the listener starts with nothing new.
    const { sharer, listener, chatId } = await openedListeningChat(e2e.app);
    await callApi(e2e.app, listener, 'PUT', '/notifications/read-all');
    const context = await e2e.newContext({ permissions: ['notifications'] });
    const page = await signIn(context, listener, '/settings/notifications');
    const desktop = page.getByRole('checkbox', { name: /^Desktop notifications/ });
    const sound = page.getByRole('checkbox', { name: /^Sound/ });
    expect(await desktop.isChecked()).toBe(false);
    await desktop.check();
    await sound.check();
    // Remembered on this device.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
    expect(await desktop.isChecked()).toBe(true);
    expect(await sound.isChecked()).toBe(true);
    await expect.poll(() => bellName(page)).toBe('Notifications');
    // Live news reaches the page once it is connected (on two busy cores that can take a while).
    await connectedIn(e2e.app, chatId, sharer, listener);

    // The tab goes to the background; the browser's notifications are recorded instead of shown.
    await page.evaluate(() => {
      const shown: { title: string; options: NotificationOptions; onclick: () => void }[] = [];
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: () => void = () => undefined;
        constructor(
          readonly title: string,
          readonly options: NotificationOptions,
        ) {
          shown.push(this);
        }
        close() {}
      }
      Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
    });
    const sent = await callApi(e2e.app, sharer, 'POST', '/messages/request', {
      receiver_id: listener.id,
      content: REQUEST_TEXT,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const shown = () =>
      page.evaluate(() =>
        (
          window as unknown as {
            shownNotifications: { title: string; options: NotificationOptions }[];
          }
        ).shownNotifications.map((n) => ({ title: n.title, body: n.options.body ?? '' })),
      );
    // Discreet: what kind of news it is, not who sent it.
    await expect.poll(shown).toEqual([{ title: 'New message request', body: '' }]);

    await page.evaluate(() =>
      (
        window as unknown as { shownNotifications: { onclick: () => void }[] }
      ).shownNotifications[0]!.onclick(),
    );
    await page.waitForURL('**/messages?tab=requests');
    await expect.poll(() => bellName(page)).toBe('Notifications');
    await context.close();
  });

  it('the push service worker shows a pushed notification, and nothing else', async () => {
    const context = await e2e.newContext({ permissions: ['notifications'] });
    const page = await signIn(context, b, '/notifications');
    const cdp = await context.newCDPSession(page);
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    const scope = await page.evaluate(async () => {
      await navigator.serviceWorker.register('/push-sw.js', { scope: '/' });
      return (await navigator.serviceWorker.ready).scope;
    });
    await expect.poll(() => registrations.get(scope)).toBeTruthy();

    const tag = '00000000-0000-4000-8000-0000000000ff';
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: new URL(scope).origin,
      registrationId: registrations.get(scope)!,
      data: JSON.stringify({
        title: 'You have a new message request on Kindred',
        body: 'Someone you talked with on Kindred would like to send you messages.',
        link: '/messages?tab=requests',
        tag,
      }),
    });
    const notifications = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
          data: n.data as unknown,
        }));
      });
    await expect.poll(notifications).toEqual([
      {
        title: 'You have a new message request on Kindred',
        body: 'Someone you talked with on Kindred would like to send you messages.',
        tag,
        data: { link: '/messages?tab=requests', id: tag },
      },
    ]);
    // It never stands between the app and the network: requests are not handled by it.
    const handledByWorker = await page.evaluate(async () => {
      await fetch('/api/v1/notifications?limit=1');
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return entries.filter((e) => e.workerStart > 0).map((e) => e.name);
    });
    expect(handledByWorker).toEqual([]);
    await context.close();
  });
});
