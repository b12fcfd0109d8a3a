import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signUp } from '../apps/server/test/factories';
import { expectNoA11yViolations, signIn, useE2e } from './support';

/**
 * Day and night: the pages follow the device's colour scheme, the header's switch overrides it
 * and is remembered on this device, and axe finds nothing (contrast included) in either theme,
 * on a phone and on a wide screen.
 */

const e2e = useE2e();
let admin: SignedInUser;

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
const WIDE: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

const PUBLIC_PAGES = ['/', '/login', '/register'];
const SIGNED_IN_PAGES = [
  '/dashboard',
  '/profile',
  '/messages',
  '/notifications',
  '/support',
  '/sharer/find-listener',
  '/admin',
];

beforeAll(async () => {
  admin = await signUp(e2e.app, { isAdmin: true });
});

const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);

/** The page's first heading is there and nothing is still loading. */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /^Loading|…$/ })
        .count(),
    )
    .toBe(0);
}

describe.each([
  ['a phone', PHONE],
  ['a wide screen', WIDE],
] as const)('on %s', (_label, device) => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`every page passes axe in the ${scheme} theme`, async () => {
      const context = await e2e.newContext({ ...device, colorScheme: scheme });
      const visitor = await context.newPage();
      for (const path of PUBLIC_PAGES) {
        await visitor.goto(path);
        await settled(visitor);
        expect(await theme(visitor)).toBe(scheme);
        await expectNoA11yViolations(visitor, `${path} (${scheme})`);
      }
      const page = await signIn(context, admin, '/dashboard');
      for (const path of SIGNED_IN_PAGES) {
        await page.goto(path);
        await settled(page);
        expect(await theme(page)).toBe(scheme);
        await expectNoA11yViolations(page, `${path} (${scheme})`);
      }
      await context.close();
    });
  }
});

describe('the theme switch', () => {
  it('overrides the device setting, is remembered on this device, and follows the device again when set back', async () => {
    const context = await e2e.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto('/');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await theme(page)).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // Remembered: a new page, even with the device still light, opens dark at once.
    await page.goto('/login');
    expect(await theme(page)).toBe('dark');
    const second = await context.newPage();
    await second.goto('/');
    expect(await theme(second)).toBe('dark');
    // Back to light, which is what the device shows: the page follows the device again.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await theme(page)).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => theme(page)).toBe('dark');
    await context.close();
  });

  it('applies the remembered theme before anything is drawn, allowed by the page’s policy', async () => {
    // No bypass of the Content Security Policy here: the inline theme script must be allowed.
    const context = await e2e.newContext({ colorScheme: 'light', bypassCSP: false });
    await context.addInitScript(() => window.localStorage.setItem('kindred.theme', 'dark'));
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    // Without the app's scripts, only the page's own inline script can set the theme.
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto('/');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(18, 22, 25)');
    expect(refused).toEqual([]);
    await context.close();
  });
});
