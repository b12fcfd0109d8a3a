import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2e } from './support';

/**
 * The first visit on a phone: the landing and sign-in pages arrive compressed (brotli when the
 * browser asks for it), fingerprinted files are cached for good, and no more than 150 KB of
 * compressed JavaScript is downloaded before the page works.
 */

const e2e = useE2e();
const BUDGET_BYTES = 150_000;

const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

/** Opens `path` in a fresh phone context and collects every script and stylesheet response. */
async function firstVisit(path: string): Promise<{ page: Page; assets: Response[] }> {
  const page = await (await e2e.newContext(phone)).newPage();
  const assets: Response[] = [];
  page.on('response', (response) => {
    if (/\/assets\/.+\.(js|css)$/.test(new URL(response.url()).pathname)) assets.push(response);
  });
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, assets };
}

/** Compressed bytes of JavaScript the page downloaded, as the browser measured them. */
const javascriptBytes = (page: Page) =>
  page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => entry.name.endsWith('.js'))
      .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
  );

describe('the first load', () => {
  for (const [name, path] of [
    ['landing page', '/'],
    ['sign-in page', '/login'],
  ] as const) {
    it(`the ${name} arrives compressed, cacheable for good, and within the JavaScript budget`, async () => {
      const { page, assets } = await firstVisit(path);
      expect(assets.length).toBeGreaterThan(2);
      for (const response of assets) {
        const asked = (await response.request().allHeaders())['accept-encoding'] ?? '';
        const headers = await response.allHeaders();
        expect(response.status(), response.url()).toBe(200);
        expect(headers['content-encoding'], response.url()).toBe(
          asked.includes('br') ? 'br' : 'gzip',
        );
        expect(headers.vary, response.url()).toMatch(/accept-encoding/i);
        expect(headers['cache-control'], response.url()).toBe(
          'public, max-age=31536000, immutable',
        );
      }
      // The page itself may change with every release: always revalidated.
      const html = await page.request.get(path, { headers: { 'accept-encoding': 'br' } });
      expect(html.headers()['content-encoding']).toBe('br');
      expect(html.headers()['cache-control']).toBe('no-cache');

      const bytes = await javascriptBytes(page);
      expect(bytes).toBeGreaterThan(50_000);
      expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
      // The chat engine and its socket library are not part of it.
      expect(assets.some((r) => /chat-client|socket/.test(r.url()))).toBe(false);
      await page.context().close();
    });
  }

  it('sends brotli when asked for it, gzip when only that is accepted, and plain text otherwise', async () => {
    const { page, assets } = await firstVisit('/');
    const script = new URL(assets.find((r) => r.url().endsWith('.js'))!.url()).pathname;
    const as = async (encoding: string) => {
      const response = await page.request.get(script, { headers: { 'accept-encoding': encoding } });
      expect(response.status()).toBe(200);
      return response.headers();
    };
    expect((await as('br'))['content-encoding']).toBe('br');
    expect((await as('gzip'))['content-encoding']).toBe('gzip');
    expect((await as('identity'))['content-encoding']).toBeUndefined();
    await page.context().close();
  });
});
