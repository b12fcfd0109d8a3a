import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyPng } from '../apps/server/test/multipart';
import { expectNoSeriousA11yViolations, useE2e } from './support';

const e2e = useE2e();
let page: Page;
beforeAll(async () => {
  page = await (await e2e.newContext()).newPage();
});

const account = {
  email: `river${Date.now()}@example.org`,
  password: 'Gentle-Rain-42',
  pseudonym: `River_${Date.now() % 100_000}`,
};

const heading = (name: RegExp | string) => page.getByRole('heading', { level: 1, name });

describe('a new person, from landing page to signing out', () => {
  it('lands on a welcoming page with no serious accessibility problems', async () => {
    await page.goto('/');
    await heading(/someone to listen/i).waitFor();
    expect(await page.title()).toMatch(/Kindred/);
    await expectNoSeriousA11yViolations(page, 'landing');
  });

  it('sees field errors, then registers and arrives signed in on the dashboard', async () => {
    await page.getByRole('link', { name: 'Get started' }).click();
    await page.waitForURL('**/register');
    await expectNoSeriousA11yViolations(page, 'register');

    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );

    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByLabel('Pseudonym').fill(account.pseudonym);
    await page.getByRole('checkbox', { name: /^Sharer/ }).check();
    // Without the age confirmation: one message, at that box.
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Please confirm that you are old enough to use Kindred').waitFor();
    await page.getByRole('checkbox', { name: /^I am 18 or older/ }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
    await heading(`Welcome, ${account.pseudonym}`).waitFor();
    await page.getByRole('link', { name: /Talk to someone/ }).waitFor();
    expect(await page.getByRole('link', { name: /Listen to someone/ }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'dashboard');
  });

  it('signs out, is sent to sign-in from a protected page, and comes back after signing in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login**');
    await page.goto('/profile');
    await page.waitForURL(/\/login\?next=%2Fprofile/);
    await expectNoSeriousA11yViolations(page, 'login');

    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill('Wrong-Password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /not correct/i })
      .waitFor();

    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/profile');
    await heading(/profile/i).waitFor();
  });

  it('edits the profile, and the changes survive a reload', async () => {
    await expectNoSeriousA11yViolations(page, 'profile');
    await page.getByLabel('Real name').fill('River Stone');
    await page.getByLabel('Bio').fill('Learning to ask for help.');
    await page.getByText('25/500').waitFor();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();

    await page.reload();
    await expect.poll(() => page.getByLabel('Bio').inputValue()).toBe('Learning to ask for help.');
    expect(await page.getByLabel('Real name').inputValue()).toBe('River Stone');
  });

  it('uploads an avatar with a preview and sees it on the profile', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Change picture' }).click();
    await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: tinyPng });
    await page.getByRole('img', { name: /preview/i }).waitFor();
    await page.getByRole('button', { name: 'Upload' }).click();

    const picture = page.getByRole('img', { name: 'Your profile picture' });
    await picture.waitFor();
    const src = await picture.getAttribute('src');
    expect(src).toMatch(/\/api\/v1\/users\/avatars\/[0-9a-f]{32}\.png/);
    // The browser really fetched it with the session cookie.
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  });

  it('refuses a PDF disguised as a picture with a clear message', async () => {
    const before = await page
      .getByRole('img', { name: 'Your profile picture' })
      .getAttribute('src');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Change picture' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'scan.png',
      mimeType: 'image/png',
      buffer: Buffer.from('%PDF-1.7\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The picture must be a JPG, PNG or GIF image' })
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const after = await page.getByRole('img', { name: 'Your profile picture' }).getAttribute('src');
    expect(after).toBe(before);
  });

  it('signs out and can no longer see the profile', async () => {
    await page.goto('/dashboard');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login**');
    const me = await page.evaluate(() => fetch('/api/v1/users/me').then((r) => r.status));
    expect(me).toBe(401);
  });
});
