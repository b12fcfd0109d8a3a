import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, type SignedInUser, signUp } from '../apps/server/test/factories';
import { directChat } from '../apps/server/test/scenarios';
import { chat, expectNoA11yViolations, openedListeningChat, signIn, useE2e } from './support';

/**
 * Kindred on a phone (390×844, touch), by day and by night: a listening chat, a direct chat with
 * the voice recorder open, and the admin users and audit pages. The message box is always on
 * screen, nothing scrolls sideways, every control is at least 44 px, and axe finds nothing.
 */

// A fake microphone (a test tone) for the voice recorder.
const e2e = useE2e({ browserArgs: ['--use-fake-device-for-media-stream'] });

const PHONE = { width: 390, height: 844 };
const MIN_TARGET_PX = 44;

let sharer: SignedInUser;
let listener: SignedInUser;
let chatId: string;
let alex: SignedInUser;
let directId: string;
let admin: SignedInUser;

const say = async (user: SignedInUser, sessionId: string, content: string) => {
  const sent = await callApi(e2e.app, user, 'POST', `/chat/sessions/${sessionId}/messages`, {
    content,
  });
  expect(sent.statusCode, sent.body).toBe(201);
};

beforeAll(async () => {
  ({ sharer, listener, chatId } = await openedListeningChat(e2e.app));
  await say(sharer, chatId, 'Hi. It is late and I cannot sleep.');
  await say(sharer, chatId, 'My head will not stop going over the same things.');
  await say(listener, chatId, "I'm here. Take your time: what keeps coming back?");

  ({ a: alex, id: directId } = await directChat(e2e.app, { sessionEnded: true }));
  await say(alex, directId, 'Thank you again for last night.');

  admin = await signUp(e2e.app, { isAdmin: true });
  // Something in the audit log, with details that are long on a small screen.
  const target = await signUp(e2e.app);
  for (const body of [
    { is_active: false, reason: 'Repeated harassment of several sharers after a warning' },
    { is_active: true },
  ]) {
    const changed = await callApi(e2e.app, admin, 'PATCH', `/admin/users/${target.id}/ban`, body);
    expect(changed.statusCode, changed.body).toBe(200);
  }
});

/** A phone browser with touch, in the given colour scheme, signed in as `user` on `path`. */
async function onPhone(
  user: SignedInUser,
  path: string,
  theme: 'light' | 'dark',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.newContext({
    viewport: PHONE,
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    colorScheme: theme,
  });
  await context.grantPermissions(['microphone'], { origin: e2e.server.baseUrl });
  const page = await signIn(context, user, path);
  return { context, page };
}

/** The page follows the phone's dark setting: dark canvas, light text. */
async function expectTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  const [background, text] = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return [style.backgroundColor, style.color];
  });
  const lightness = (rgb: string) => {
    const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
    return (r + g + b) / 3;
  };
  if (theme === 'dark') {
    expect(lightness(background)).toBeLessThan(60);
    expect(lightness(text)).toBeGreaterThan(180);
  } else {
    expect(lightness(background)).toBeGreaterThan(200);
    expect(lightness(text)).toBeLessThan(80);
  }
}

/** Nothing is wider than the screen: the page never scrolls sideways. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    viewport: window.innerWidth,
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
  }));
  expect(widths.document, JSON.stringify(widths)).toBeLessThanOrEqual(widths.viewport);
  expect(widths.body, JSON.stringify(widths)).toBeLessThanOrEqual(widths.viewport);
}

/** The box lies wholly inside the visible screen. */
async function expectInsideViewport(page: Page, selector: ReturnType<Page['locator']>) {
  const box = await selector.boundingBox();
  expect(box, 'not visible').not.toBeNull();
  const { width, height } = page.viewportSize() ?? PHONE;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(height);
}

/**
 * Every visible control (buttons, links that are not words inside a sentence, fields) is at
 * least 44×44 px: easy to hit with a thumb.
 */
async function expectTouchTargets(page: Page): Promise<void> {
  const small = await page.evaluate((min) => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [tabindex="0"]',
    );
    return Array.from(controls)
      .filter((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return false;
        // Visually hidden until focused (the skip link).
        if (style.clip !== 'auto' || style.clipPath !== 'none') return false;
        // A link inside running text is sized by the text around it (WCAG 2.5.8 exception).
        if (el.tagName === 'A' && el.closest('p, li:not([role]) > span, dd, figcaption'))
          return false;
        // Native check boxes and radios are covered by their (larger) label.
        if (el instanceof HTMLInputElement && ['checkbox', 'radio'].includes(el.type)) {
          const label = el.closest('label') ?? document.querySelector(`label[for="${el.id}"]`);
          const area = label?.getBoundingClientRect();
          return !area || area.height < min;
        }
        return box.width < min - 0.5 || box.height < min - 0.5;
      })
      .map((el) => {
        const box = el.getBoundingClientRect();
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
        return `${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`;
      });
  }, MIN_TARGET_PX);
  expect(small).toEqual([]);
}

async function checkScreen(page: Page, theme: 'light' | 'dark', label: string) {
  await expectTheme(page, theme);
  await expectNoHorizontalOverflow(page);
  await expectTouchTargets(page);
  await expectNoA11yViolations(page, `${label} (${theme})`);
  // A look at what was checked, for people: E2E_SCREENSHOTS=<folder> keeps a picture of each.
  if (process.env.E2E_SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${label}-${theme}.png` });
  }
}

describe.each(['light', 'dark'] as const)('on a phone, %s theme', (theme) => {
  it('a listening chat fills the screen with the message box in view, above the keyboard', async () => {
    const { context, page } = await onPhone(sharer, `/chat/${chatId}`, theme);
    await chat.messages(page).getByText("I'm here. Take your time").waitFor();
    await expectInsideViewport(page, chat.composer(page));
    // The header is one row: the partner's name, Get help and End chat are all on screen.
    await page.getByRole('heading', { level: 1, name: listener.pseudonym }).waitFor();
    for (const name of ['Get help now', 'End chat', 'More options']) {
      await expectInsideViewport(page, page.getByRole('button', { name, exact: true }));
    }
    await checkScreen(page, theme, 'listening-chat');

    // The on-screen keyboard takes the lower part of the screen: the box stays above it.
    await chat.composer(page).focus();
    await page.setViewportSize({ width: PHONE.width, height: 480 });
    await expect
      .poll(async () => {
        const box = await chat.composer(page).boundingBox();
        return box ? box.y + box.height : Infinity;
      })
      .toBeLessThanOrEqual(480);
    await expectInsideViewport(page, page.getByRole('button', { name: 'Send', exact: true }));
    await context.close();
  });

  it('a direct chat with the voice recorder open: the recorder takes the whole row', async () => {
    const { context, page } = await onPhone(alex, `/messages/${directId}`, theme);
    await chat.messages(page).getByText('Thank you again for last night.').waitFor();
    await page.getByRole('button', { name: 'Record a voice note' }).click();
    const recorder = page.getByRole('group', { name: 'Voice note recorder' });
    await recorder.waitFor();
    await expect.poll(() => recorder.getByRole('timer').textContent()).toMatch(/^0:0[1-9]/);
    // Its controls are all on screen, and the text box made room for them.
    await expectInsideViewport(page, recorder);
    await expectInsideViewport(page, recorder.getByRole('button', { name: 'Send voice note' }));
    await expectInsideViewport(page, recorder.getByRole('button', { name: 'Cancel' }));
    expect(await chat.composer(page).isHidden()).toBe(true);
    const row = await recorder.boundingBox();
    expect(row!.width).toBeGreaterThan(PHONE.width * 0.8);
    await checkScreen(page, theme, 'direct-chat-recording');

    await recorder.getByRole('button', { name: 'Cancel' }).click();
    await expectInsideViewport(page, chat.composer(page));
    await context.close();
  });

  it('admin users: each person is a card, nothing runs off the screen', async () => {
    const { context, page } = await onPhone(admin, '/admin/users', theme);
    const table = page.getByRole('table', { name: 'Users' });
    await table.waitFor();
    // Still a table to screen readers: rows, and cells named by their column.
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    const card = table.getByRole('row').filter({ hasText: admin.email });
    expect(await card.getByRole('cell').first().getAttribute('data-label')).toBe('Email');
    await checkScreen(page, theme, 'admin-users');
    await context.close();
  });

  it('admin audit log: readable as cards, and by keyboard alone', async () => {
    const { context, page } = await onPhone(admin, '/admin/logs', theme);
    const log = page.getByRole('table', { name: 'Admin actions' });
    await log.getByText('Repeated harassment of several sharers after a warning').waitFor();
    await checkScreen(page, theme, 'admin-audit-log');
    // Everything in it can be reached without a pointer: no region scrolls out of keyboard reach.
    const unreachable = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('main *'))
        .filter((el) => {
          const style = getComputedStyle(el);
          const scrolls =
            (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
            (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
          return scrolls && el.tabIndex < 0 && !el.querySelector('a[href], button, [tabindex]');
        })
        .map((el) => el.className),
    );
    expect(unreachable).toEqual([]);
    await context.close();
  });
});
