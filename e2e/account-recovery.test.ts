/**
 * Account recovery and security in the browser, against a real SMTP server: a forgotten password
 * is reset through the mailed link, sign-up asks for the age confirmation, an unconfirmed address
 * is confirmed from the banner's new link, the address is changed through a link to the new one,
 * and the devices list signs other devices out.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUp } from '../apps/server/test/factories';
import { startMailServer } from '../apps/server/test/mail-server';
import { expectNoSeriousA11yViolations, signIn, useE2e } from './support';

const mail = await startMailServer();
afterAll(() => mail.close());
const e2e = useE2e({ env: { SMTP_URL: mail.url } });

const NEW_PASSWORD = 'Quiet-Harbour-77';

/** The path and query of the single-use link in the newest mail with this subject to `to`. */
async function mailedLink(to: string, subject: string, count = 1) {
  const received = await mail.waitFor((m) => m.to.includes(to) && m.subject === subject, {
    count,
  });
  const link = /https?:\/\/\S+\?token=[\w%-]+/.exec(received.at(-1)!.text);
  expect(link, 'the mail carries a link').not.toBeNull();
  const { pathname, search } = new URL(link![0]);
  return pathname + search;
}

describe('a person who forgot the password', () => {
  it('asks for a link, follows it, and signs in with the new password only', async () => {
    const user = await signUp(e2e.app);
    const page = await (await e2e.newContext()).newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: /forgot/i }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('status').filter({ hasText: 'a link is on its way' }).waitFor();

    await page.goto(await mailedLink(user.email, 'Reset your Kindred password'));

    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password was changed' }).waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL('**/login**');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /not correct/i })
      .waitFor();

    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
  });
});

describe('a person signing up', () => {
  it('is told once, at the box, to confirm the age, and gets in after ticking it', async () => {
    const page = await (await e2e.newContext()).newPage();
    await page.goto('/register');
    await page.getByLabel('Email').fill(`brook${Date.now()}@example.org`);
    await page.getByLabel('Password', { exact: true }).fill('Gentle-Rain-42');
    await page.getByLabel('Pseudonym').fill(`Brook_${Date.now() % 100_000}`);
    await page.getByRole('checkbox', { name: /^Sharer/ }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    const ageError = page.getByText('Please confirm that you are old enough to use Kindred');
    await ageError.waitFor();
    expect(await ageError.count()).toBe(1);
    expect(page.url()).toMatch(/\/register$/);

    await page.getByRole('checkbox', { name: /^I am 18 or older/ }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
  });
});

describe('an address to confirm, and a new address', () => {
  it('confirms the address from the banner, then changes it through the link to the new one', async () => {
    const user = await signUp(e2e.app, { verified: false });
    const page = await signIn(await e2e.newContext(), user, '/dashboard');
    const banner = page.getByRole('region', { name: 'Confirm your e-mail address' });
    await banner.getByText(user.email).waitFor();
    await expectNoSeriousA11yViolations(page, 'dashboard with the confirm banner');
    await banner.getByRole('button', { name: 'Resend the link' }).click();
    await banner.getByRole('status').filter({ hasText: 'A new link is on its way' }).waitFor();

    // Sign-up mailed the first link; Resend the second.
    await page.goto(await mailedLink(user.email, 'Confirm your e-mail address for Kindred', 2));
    await page.getByText(`${user.email} is confirmed`).waitFor();
    await page.getByRole('link', { name: 'Go to Kindred' }).click();
    await page.getByRole('heading', { level: 1, name: `Welcome, ${user.pseudonym}` }).waitFor();
    expect(await banner.count()).toBe(0);

    const newAddress = `moved${Date.now()}@example.org`;
    await page.goto('/profile');
    await page.getByLabel('New e-mail address').fill(newAddress);
    await page.getByLabel('Your password').fill('not-my-password');
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /password/i })
      .waitFor();
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `we sent to ${newAddress}` })
      .waitFor();

    await page.goto(await mailedLink(newAddress, 'Confirm your new e-mail address for Kindred'));
    await page.getByText(`${newAddress} is confirmed`).waitFor();
    await mail.waitFor(
      (m) => m.to.includes(user.email) && m.subject === 'Your Kindred e-mail address was changed',
    );
    await page.goto('/profile');
    await page.getByText(`Your address now is ${newAddress}`).waitFor();
  });
});

describe('the signed-in devices list', () => {
  it('shows this device and signs every other device out', async () => {
    // One session from the sign-up, one in another browser, and this one.
    const user = await signUp(e2e.app);
    const elsewhere = await signIn(await e2e.newContext(), user, '/dashboard');
    const page = await signIn(await e2e.newContext(), user, '/profile');

    const devices = page.getByRole('list', { name: 'Signed-in devices' });
    await devices.getByText('(this device)').waitFor();
    await expect.poll(() => devices.getByRole('listitem').count()).toBe(3);

    await page.getByRole('button', { name: 'Sign out all other devices' }).click();
    await expect.poll(() => devices.getByRole('listitem').count()).toBe(1);
    await devices.getByText('(this device)').waitFor();

    const status = (p: typeof page) =>
      p.evaluate(() => fetch('/api/v1/users/me').then((r) => r.status));
    await expect.poll(() => status(elsewhere)).toBe(401);
    expect(await status(page)).toBe(200);
  });
});

describe('a person who cannot sign in', () => {
  it('finds the contact form from sign-in, is told what is missing, and sends a message the team reads', async () => {
    const page = await (await e2e.newContext()).newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: /Contact us/ }).click();
    await page.waitForURL('**/contact');
    await page.getByLabel('Email').fill(`locked${Date.now()}@example.org`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Enter a subject').waitFor();

    await page.getByLabel('Subject').fill('I cannot get in');
    await page.getByLabel('Message').fill('My account says it is suspended; why?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: 'your message was sent' }).waitFor();

    // The team finds it in the support area, marked as from the signed-out form, and resolves it.
    const admin = await signUp(e2e.app, { isAdmin: true });
    const adminPage = await signIn(await e2e.newContext(), admin, '/admin/support');
    const requests = adminPage.getByRole('list', { name: 'Contact requests' });
    const item = requests.getByRole('listitem').filter({ hasText: 'I cannot get in' });
    await item.getByText('Signed-out contact').waitFor();
    expect(await item.textContent()).toContain('My account says it is suspended; why?');
    await expectNoSeriousA11yViolations(adminPage, 'admin support with contact requests');
    await item.getByRole('button', { name: 'Mark resolved' }).click();
    await adminPage.getByText('No open contact requests.').waitFor();
  });
});
