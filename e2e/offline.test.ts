import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, signUp } from '../apps/server/test/factories';
import { signIn, useE2e } from './support';

/**
 * Installable, and calm without a network: a web app manifest with icons, one service worker
 * (Web Push and the app shell), the shell opening with the network off, a friendly offline page
 * when even that is missing, and nothing from the API or the socket ever kept by the worker.
 */

const e2e = useE2e();
let user: SignedInUser;

beforeAll(async () => {
  user = await signUp(e2e.app);
});

/** Waits until the page's service worker is active, and returns its script's path. */
const activeWorker = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return new URL(registration.active!.scriptURL).pathname;
  });

/** Every URL the service worker has kept, in any of its caches. */
const keptUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });

describe('installable', () => {
  it('has a web app manifest with the icons a phone needs', async () => {
    const page = await (await e2e.newContext()).newPage();
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const manifest = await page.request.get(href!);
    expect(manifest.status()).toBe(200);
    const json = (await manifest.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose?: string }[];
    };
    expect(json).toMatchObject({
      short_name: 'Kindred',
      display: 'standalone',
      start_url: '/dashboard',
    });
    for (const size of ['192x192', '512x512']) {
      const icon = json.icons.find((i) => i.sizes === size && (i.purpose ?? 'any') === 'any');
      expect(icon, size).toBeDefined();
      const image = await page.request.get(icon!.src);
      expect(image.status()).toBe(200);
      expect(image.headers()['content-type']).toBe('image/png');
    }
    expect(json.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    await page.context().close();
  });
});

describe('offline', () => {
  it('keeps the app shell: with the network off, Kindred still opens and says what it can', async () => {
    const context = await e2e.newContext();
    const page = await signIn(context, user, '/dashboard');
    expect(await activeWorker(page)).toBe('/sw.js');
    // The shell is kept at install: the page, its first scripts and styles, fonts, icons.
    const kept = await keptUrls(page);
    expect(kept).toEqual(expect.arrayContaining(['/', '/offline.html', '/manifest.webmanifest']));
    expect(kept.some((url) => /^\/assets\/index-.+\.js$/.test(url))).toBe(true);

    await context.setOffline(true);
    // The browser applies "offline" to the page and its worker asynchronously.
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            fetch('/healthz').then(
              () => 'online',
              () => 'offline',
            ),
          ),
        { timeout: 5_000 },
      )
      .toBe('offline');
    // A page never opened before, typed into the address bar: the shell answers.
    await page.goto('/login');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await context.setOffline(false);
    await context.close();
  });

  it('shows a friendly offline page when even the shell is not there', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await activeWorker(page);
    // As if the browser had dropped the kept page to make room.
    await page.evaluate(async () => {
      for (const name of await caches.keys()) await (await caches.open(name)).delete('/');
    });
    await context.setOffline(true);
    await page.goto('/dashboard');
    await page.getByRole('heading', { level: 1, name: "You're offline" }).waitFor();
    await page.getByText('In crisis or in danger?').waitFor();
    await context.setOffline(false);
    await context.close();
  });

  it('never keeps the API, the socket or anything personal, and lets API calls pass untouched', async () => {
    const context = await e2e.newContext();
    const page = await signIn(context, user, '/profile');
    await activeWorker(page);
    // Controlled by the worker from here on.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The browser's router sends API calls straight to the network: the worker's code never
    // sees them (resource timing names the source the request was matched to).
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/v1/users/me');
      await response.text();
      const entries = performance.getEntriesByType('resource') as (PerformanceResourceTiming & {
        workerMatchedSourceType?: string;
      })[];
      const timing = entries.filter((e) => e.name.includes('/api/v1/users/me')).at(-1);
      return { status: response.status, matched: timing?.workerMatchedSourceType };
    });
    expect(answer).toEqual({ status: 200, matched: 'network' });
    const kept = await keptUrls(page);
    expect(kept.filter((url) => /^\/(api|socket\.io|attachments|uploads)\b/.test(url))).toEqual([]);
    await context.close();
  });
});
