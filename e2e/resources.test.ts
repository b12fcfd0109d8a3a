import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../apps/server/test/media';
import {
  adminAndListeningChat,
  chat,
  expectNoSeriousA11yViolations,
  openFromMainNav,
  signIn,
  useE2e,
  useScenario,
} from './support';

// Media may start without a click (the test presses play through the element itself).
const e2e = useE2e({ browserArgs: ['--autoplay-policy=no-user-gesture-required'] });
const people = useScenario(e2e, adminAndListeningChat);
let adminPage: Page;
let sharerPage: Page;
let listenerPage: Page;

const ARTICLE_TITLE = 'Square breathing for a racing heart';
const AUDIO_TITLE = 'Wind down before sleep';
const LINK_TITLE = 'Every Mind Matters: five steps';
/** The article only ever says "breathing": a search for "breathe" finds it by its stem. */
const ARTICLE_BODY = [
  'When your heart races, slow breathing tells your body it is safe.',
  '',
  '## Try it now',
  '',
  '1. In through the nose for **four** counts.',
  '2. Hold for four, out for four, hold for four.',
  '',
  'More ideas on [the NHS site](https://www.nhs.uk/mental-health/).',
  '',
  '<script>window.__injected = true</script><img src=x onerror="window.__injected = true">',
].join('\n');

/** Fills the editor's common fields and saves the draft; resolves once the editor reloads. */
async function writeDraft(
  page: Page,
  fields: {
    type: string;
    title: string;
    summary: string;
    topic: string;
    body?: string;
    url?: string;
  },
) {
  await page.goto('/library/new');
  await page.getByLabel('Type').selectOption({ label: fields.type });
  await page.getByLabel('Title').fill(fields.title);
  await page.getByLabel('Summary').fill(fields.summary);
  await page.getByLabel('Topics').fill(fields.topic);
  await page.getByLabel('Topics').press('Enter');
  if (fields.url !== undefined) await page.getByLabel('Link address').fill(fields.url);
  if (fields.body !== undefined)
    await page.getByRole('textbox', { name: /^(Article|Notes)/ }).fill(fields.body);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/library\/[0-9a-f-]{36}\/edit$/);
  await page.getByRole('heading', { level: 1, name: `Edit “${fields.title}”` }).waitFor();
}

async function publish(page: Page) {
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page
    .getByRole('heading', { name: /Status/ })
    .getByText('Published')
    .waitFor();
}

beforeAll(async () => {
  adminPage = await signIn(await e2e.newContext(), people.admin, '/library');
}, 60_000);

describe('the resource library', () => {
  it('an admin writes an article in Markdown, previews it and publishes it', async () => {
    await writeDraft(adminPage, {
      type: 'Article',
      title: ARTICLE_TITLE,
      summary: 'Four counts in, four held, four out: a way to slow down in a minute.',
      topic: 'anxiety',
      body: ARTICLE_BODY,
    });
    await adminPage.getByRole('tab', { name: 'Preview' }).click();
    const preview = adminPage.locator('[data-markdown-preview]');
    await preview.getByRole('heading', { level: 2, name: 'Try it now' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('four');
    await publish(adminPage);
  });

  it('an admin uploads an audio file with a visible progress bar and publishes it', async () => {
    await writeDraft(adminPage, {
      type: 'Audio',
      title: AUDIO_TITLE,
      summary: 'Ten minutes of slow counting to settle a busy mind at night.',
      topic: 'sleep',
    });
    // A slow connection, so that the upload takes long enough to watch.
    const cdp = await adminPage.context().newCDPSession(adminPage);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    // 60 seconds of 8 kHz WAV: about 480 KB, two seconds on that connection.
    await adminPage.getByLabel('Upload a file').setInputFiles({
      name: 'wind-down.wav',
      mimeType: 'audio/wav',
      buffer: wav(60_000),
    });
    const progress = adminPage.getByRole('progressbar', { name: 'Uploading wind-down.wav' });
    await progress.waitFor();
    expect(await progress.isVisible()).toBe(true);
    await expect
      .poll(() => progress.evaluate((el: HTMLProgressElement) => el.value), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await adminPage.getByText('wind-down.wav uploaded.').waitFor({ timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    // The length was read from the file by the server.
    expect(await adminPage.locator('[data-resource-file]').textContent()).toContain('1 min');
    await publish(adminPage);
  });

  it('a sharer finds the article by searching as they type, and reads it safely', async () => {
    // New here: the dashboard recommends the team's resources to start with.
    sharerPage = await signIn(await e2e.newContext(), people.sharer, '/dashboard');
    const recommended = sharerPage.getByRole('list', { name: 'Recommended for you' });
    await recommended.getByRole('link', { name: ARTICLE_TITLE }).waitFor();
    await recommended.getByRole('link', { name: AUDIO_TITLE }).waitFor();
    await expectNoSeriousA11yViolations(sharerPage, 'dashboard with recommendations');
    await openFromMainNav(sharerPage, 'Library', { heading: 'Library' });
    await sharerPage.getByRole('list', { name: 'Resources' }).waitFor();
    await expectNoSeriousA11yViolations(sharerPage, 'library');

    // No Enter: results come as the words are typed.
    await sharerPage.getByLabel('Search the library').pressSequentially('breathe', { delay: 30 });
    // The search has run once the count says what it was for.
    await sharerPage.getByRole('status').filter({ hasText: 'for “breathe”' }).waitFor();
    expect(sharerPage.url()).toContain('q=breathe');
    const results = sharerPage.getByRole('list', { name: 'Resources' });
    const card = results.locator('[data-resource-card]').filter({ hasText: ARTICLE_TITLE });
    await card.waitFor();
    expect(await results.getByText(AUDIO_TITLE).count()).toBe(0);
    // The matched word is highlighted in the snippet.
    expect(await card.locator('mark').first().textContent()).toMatch(/breath/i);
    expect(await card.textContent()).toContain('Article');

    await card.getByRole('link', { name: ARTICLE_TITLE }).click();
    await sharerPage.getByRole('heading', { level: 1, name: ARTICLE_TITLE }).waitFor();
    const body = sharerPage.locator('[data-article-body]');
    await body.getByRole('heading', { level: 2, name: 'Try it now' }).waitFor();
    const link = body.getByRole('link', { name: 'the NHS site' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    // The HTML in the Markdown is shown as text and never runs.
    expect(await body.textContent()).toContain('<script>');
    expect(await body.locator('script, img').count()).toBe(0);
    expect(await sharerPage.evaluate(() => (window as { __injected?: boolean }).__injected)).toBe(
      undefined,
    );
    await expectNoSeriousA11yViolations(sharerPage, 'article reader');
  });

  it('a sharer plays the audio, seeks (served as byte ranges) and later picks up where they stopped', async () => {
    const ranges: number[] = [];
    sharerPage.on('response', (response) => {
      if (/\/api\/v1\/resources\/[^/]+\/download/.test(response.url()))
        ranges.push(response.status());
    });
    await sharerPage.goto('/library');
    await sharerPage
      .getByRole('group', { name: 'Type' })
      .getByRole('button', { name: 'Audio' })
      .click();
    await sharerPage.getByRole('link', { name: AUDIO_TITLE }).click();
    await sharerPage.getByRole('heading', { level: 1, name: AUDIO_TITLE }).waitFor();
    const audio = sharerPage.getByLabel(`Audio: ${AUDIO_TITLE}`);
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await audio.evaluate((el: HTMLAudioElement) => Math.round(el.duration))).toBe(60);

    await audio.evaluate((el: HTMLAudioElement) => el.play());
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime))
      .toBeGreaterThan(0);
    await sharerPage.getByRole('button', { name: 'Forward 15 seconds' }).click();
    await sharerPage.getByRole('button', { name: 'Forward 15 seconds' }).click();
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime))
      .toBeGreaterThanOrEqual(30);
    await audio.evaluate((el: HTMLAudioElement) => el.pause());
    // The browser fetched the file in ranges, and the server answered 206 Partial Content.
    expect(ranges).toContain(206);
    await expectNoSeriousA11yViolations(sharerPage, 'audio resource');

    await sharerPage.reload();
    await sharerPage.getByText(/Picking up where you left off, at 0:3\d/).waitFor();
    expect(
      await sharerPage
        .getByLabel(`Audio: ${AUDIO_TITLE}`)
        .evaluate((el: HTMLAudioElement) => el.currentTime),
    ).toBeGreaterThanOrEqual(30);

    // What they have opened is no longer recommended to them.
    await sharerPage.goto('/dashboard');
    await sharerPage.getByText('Nothing new to suggest right now.').waitFor();
  });

  it('a listener sends a link for review; an admin finds it in the queue and sends it back with a reason', async () => {
    listenerPage = await signIn(await e2e.newContext(), people.listener, '/library');
    await listenerPage.getByRole('link', { name: 'Write a resource' }).click();
    await writeDraft(listenerPage, {
      type: 'Link',
      title: LINK_TITLE,
      summary: 'The NHS guide to looking after your mental health, in five small steps.',
      topic: 'stress',
      url: 'https://www.nhs.uk/every-mind-matters/',
    });
    // A listener cannot publish: the team reviews first.
    expect(await listenerPage.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(
      0,
    );
    await listenerPage.getByRole('button', { name: 'Send for review' }).click();
    await listenerPage
      .getByRole('heading', { name: /Status/ })
      .getByText('In review')
      .waitFor();

    await adminPage.goto('/admin');
    await adminPage
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Resources', exact: true })
      .click();
    const queue = adminPage.getByRole('list', { name: 'Waiting for review' });
    await queue.getByRole('link', { name: LINK_TITLE }).waitFor();
    await expectNoSeriousA11yViolations(adminPage, 'review queue');
    await queue.getByRole('link', { name: LINK_TITLE }).click();
    await adminPage.getByRole('button', { name: 'Reject…' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'Send back with a reason' });
    await dialog.getByLabel('Reason').fill('Please say in the summary that it opens the NHS site.');
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await adminPage
      .getByRole('heading', { name: /Status/ })
      .getByText('Rejected')
      .waitFor();

    // The author sees why, and it is not in the library.
    await listenerPage.reload();
    await listenerPage
      .getByRole('heading', { name: /Status/ })
      .getByText('Rejected')
      .waitFor();
    await listenerPage.getByText('Please say in the summary that it opens the NHS site.').waitFor();
    await sharerPage.goto(`/library?q=${encodeURIComponent('Every Mind Matters')}`);
    await sharerPage
      .getByRole('status')
      .filter({ hasText: /Nothing found|resources? for/ })
      .waitFor();
    expect(await sharerPage.getByRole('link', { name: LINK_TITLE }).count()).toBe(0);
  });

  it('a listener shares the article into the chat; the sharer opens it from the card', async () => {
    await listenerPage.goto(`/chat/${people.chatId}`);
    await chat.composer(listenerPage).waitFor();
    await listenerPage.getByRole('button', { name: 'Share a resource' }).click();
    const picker = listenerPage.getByRole('dialog', { name: 'Share a resource' });
    await picker.getByLabel('Search the library').fill('breathing');
    await picker.getByRole('button', { name: `Share ${ARTICLE_TITLE}` }).click();
    await picker.waitFor({ state: 'hidden' });

    const ownCard = chat.messages(listenerPage).locator('[data-resource-message]');
    await ownCard.getByRole('link', { name: ARTICLE_TITLE }).waitFor();

    await sharerPage.goto(`/chat/${people.chatId}`);
    const card = chat.messages(sharerPage).locator('[data-resource-message]');
    await card.getByRole('link', { name: ARTICLE_TITLE }).waitFor();
    expect(await card.textContent()).toContain('Shared resource · Article');
    await expectNoSeriousA11yViolations(sharerPage, 'chat with a shared resource');
    await card.getByRole('link', { name: ARTICLE_TITLE }).click();
    await sharerPage.getByRole('heading', { level: 1, name: ARTICLE_TITLE }).waitFor();
    expect(new URL(sharerPage.url()).pathname).toMatch(/^\/library\/[0-9a-f-]{36}$/);
  });
});
