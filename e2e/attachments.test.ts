import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConversation, type SignedInUser } from '../apps/server/test/factories';
import { pdfBytes, tinyPng } from '../apps/server/test/multipart';
import { storedDirectChat } from '../apps/server/test/scenarios';
import { chat, expectNoSeriousA11yViolations, signIn, useE2e } from './support';

// A fake microphone (a test tone) that needs no permission prompt: for recording voice notes.
const e2e = useE2e({ browserArgs: ['--use-fake-device-for-media-stream'] });
let alex: SignedInUser;
let sam: SignedInUser;
let directId: string;
let alexPage: Page;
let samPage: Page;

const attachInput = (page: Page) => page.getByLabel('Attach a file');

beforeAll(async () => {
  ({ a: alex, b: sam, id: directId } = await storedDirectChat(e2e.app));
  const alexContext = await e2e.newContext();
  await alexContext.grantPermissions(['microphone'], { origin: e2e.server.baseUrl });
  alexPage = await signIn(alexContext, alex, `/chat/${directId}`);
  samPage = await signIn(await e2e.newContext(), sam, `/chat/${directId}`);
}, 60_000);

describe('files and voice notes in a direct conversation', () => {
  it('sends a picture with a caption; the other person sees it and can open it full size', async () => {
    await attachInput(alexPage).setInputFiles({
      name: 'garden.png',
      mimeType: 'image/png',
      buffer: tinyPng,
    });
    await expect
      .poll(() => alexPage.locator('[data-pending-attachment]').textContent())
      .toContain('garden.png');
    await chat.composer(alexPage).fill('My garden');
    await alexPage.getByRole('button', { name: 'Send', exact: true }).click();

    const picture = chat.messages(samPage).getByRole('img', { name: 'Picture: My garden' });
    await picture.waitFor();
    // The browser really loaded it (the download is allowed for a member).
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    const link = chat.messages(samPage).getByRole('link', { name: /Picture: My garden/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    await expectNoSeriousA11yViolations(samPage, 'chat with a picture');
  });

  it('still shows a picture when the access cookie has lapsed: the session is refreshed', async () => {
    // As after 15 minutes without an API call: the first request for the file is refused.
    let refused = 0;
    await samPage.route('**/api/v1/attachments/**', async (route) => {
      if (refused > 0) return route.continue();
      refused += 1;
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ success: false, error: 'expired', code: 'TOKEN_EXPIRED' }),
      });
    });

    await attachInput(alexPage).setInputFiles({
      name: 'sunset.png',
      mimeType: 'image/png',
      buffer: tinyPng,
    });
    await alexPage.locator('[data-pending-attachment]').waitFor();
    await chat.composer(alexPage).fill('Sunset');
    await alexPage.getByRole('button', { name: 'Send', exact: true }).click();

    const picture = chat.messages(samPage).getByRole('img', { name: 'Picture: Sunset' });
    await picture.waitFor();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    expect(refused).toBe(1);
    expect(await picture.getAttribute('src')).toMatch(/retry=1$/);
    await samPage.unroute('**/api/v1/attachments/**');
  });

  it('sends a PDF as a file chip with its size and a download link', async () => {
    await attachInput(alexPage).setInputFiles({
      name: 'letter.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes,
    });
    await alexPage.locator('[data-pending-attachment]').waitFor();
    await alexPage.getByRole('button', { name: 'Send', exact: true }).click();
    const chip = chat.messages(samPage).locator('[data-attachment-file]');
    await chip.waitFor();
    expect(await chip.textContent()).toContain('letter.pdf');
    const download = chip.getByRole('link', { name: 'Download letter.pdf' });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/v1\/attachments\//);
  });

  it('refuses a file of the wrong type or too big before uploading, saying why', async () => {
    await attachInput(alexPage).setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await alexPage.getByText("“setup.exe” can't be sent").waitFor();
    await attachInput(alexPage).setInputFiles({
      name: 'huge.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(11 * 1024 * 1024),
    });
    await alexPage.getByText('“huge.pdf” is 11 MB; files can be at most 10 MB.').waitFor();
    expect(await alexPage.locator('[data-pending-attachment]').count()).toBe(0);
  });

  it('records a voice note with the microphone; the other person gets a player with its length', async () => {
    await alexPage.getByRole('button', { name: 'Record a voice note' }).click();
    const recorder = alexPage.getByRole('group', { name: 'Voice note recorder' });
    await recorder.waitFor();
    await expect
      .poll(() => recorder.getByRole('timer').textContent(), { timeout: 5000 })
      .toMatch(/^0:02/);
    await recorder.getByRole('button', { name: 'Send voice note' }).click();

    const voice = chat.messages(samPage).locator('[data-attachment-voice]');
    await voice.waitFor();
    const audio = voice.locator('audio');
    expect(await audio.getAttribute('controls')).not.toBeNull();
    // The length the server read from the WebM file Chromium recorded: about two seconds.
    const text = (await voice.textContent()) ?? '';
    expect(text).toMatch(/Voice note · 0:0[2-3]/);
    // It plays: the browser can read its metadata through the attachment URL.
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState), { timeout: 5000 })
      .toBeGreaterThan(0);
  });

  it('says plainly when the microphone is not allowed', async () => {
    const denied = await e2e.newContext();
    const page = await signIn(denied, alex, `/chat/${directId}`);
    await page.getByRole('button', { name: 'Record a voice note' }).click();
    await page.getByText("Kindred can't use your microphone").waitFor();
    await denied.close();
  });

  it('offers no attachments in a listening chat', async () => {
    const { id } = await createConversation(e2e.app, {
      members: [{ id: alex.id }, { id: sam.id, role: 'listener' }],
    });
    await alexPage.goto(`/chat/${id}`);
    await chat.composer(alexPage).waitFor();
    await alexPage
      .getByText(/Messages/)
      .first()
      .waitFor();
    expect(await alexPage.getByRole('button', { name: 'Attach a file' }).count()).toBe(0);
    expect(await alexPage.getByRole('button', { name: 'Record a voice note' }).count()).toBe(0);
  });
});
