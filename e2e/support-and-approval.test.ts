import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chat,
  expectNoSeriousA11yViolations,
  signIn,
  useE2e,
  usePeople,
  openFromMainNav,
} from './support';

/**
 * Listener approval and support conversations in three browsers: a new listener applies and
 * waits, an admin approves them in the Listeners tab, and they go available; a user asks support
 * for help, an admin takes the ticket and replies, and the user reads the reply from
 * "Kindred Support".
 */
const e2e = useE2e();
const people = usePeople(e2e, {
  admin: { isAdmin: true },
  applicant: { roles: ['sharer'] },
  asker: { roles: ['sharer'] },
});
let adminPage: Page;
let applicantPage: Page;
let askerPage: Page;

const SUBJECT = 'I forgot which email I used';
const FIRST_MESSAGE = 'Hello, can you tell me how to change my email address?';
const REPLY = 'Of course. Open your profile and use the Account section to change it.';

const heading = (page: Page, name: string | RegExp, level = 1) =>
  page.getByRole('heading', { level, name });

describe('listener approval', () => {
  it('a new listener reads the guidelines and applies from the dashboard', async () => {
    applicantPage = await signIn(await e2e.newContext(), people.applicant, '/dashboard');
    await applicantPage.getByRole('link', { name: 'Become a listener' }).click();
    await applicantPage.waitForURL('**/listener/apply');
    await heading(applicantPage, 'Become a listener').waitFor();
    await heading(applicantPage, 'When someone may be in danger', 3).waitFor();
    await expectNoSeriousA11yViolations(applicantPage, 'become a listener');

    await applicantPage
      .getByLabel('Why would you like to be a listener?')
      .fill('I volunteered on a helpline for two years and would like to keep listening.');
    await applicantPage.getByRole('button', { name: 'Apply' }).click();
    await applicantPage
      .getByText('Please confirm you have read and accept the guidelines')
      .waitFor();

    await applicantPage
      .getByRole('checkbox', { name: 'I have read and accept the listener guidelines' })
      .check();
    await applicantPage.getByRole('button', { name: 'Apply' }).click();
    await heading(applicantPage, 'Your application is being reviewed', 2).waitFor();
  });

  it('while pending, the queue explains why they cannot go available', async () => {
    await applicantPage.goto('/listener/queue');
    await heading(applicantPage, 'Listener queue').waitFor();
    await applicantPage.getByText('Your application is being reviewed').waitFor();
    expect(await applicantPage.getByRole('radio', { name: /^Available/ }).isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(applicantPage, 'listener queue (pending)');
  });

  it('an admin approves them in the Listeners tab', async () => {
    adminPage = await signIn(await e2e.newContext(), people.admin, '/admin/listeners');
    await heading(adminPage, 'Listener applications', 2).waitFor();
    await adminPage.getByText('I volunteered on a helpline for two years').waitFor();
    await expectNoSeriousA11yViolations(adminPage, 'admin listeners');

    await adminPage.getByRole('button', { name: `Approve ${people.applicant.pseudonym}` }).click();
    const dialog = adminPage.getByRole('dialog', {
      name: `Approve ${people.applicant.pseudonym}?`,
    });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await adminPage.getByText(`${people.applicant.pseudonym} approved`).waitFor();
    await adminPage.getByText('No applications waiting for review.').waitFor();

    await adminPage.getByRole('button', { name: 'Approved', exact: true }).click();
    await adminPage
      .getByRole('button', { name: `Suspend ${people.applicant.pseudonym}` })
      .waitFor();
  });

  it('the approved listener can now go available', async () => {
    await applicantPage.reload();
    await heading(applicantPage, 'Listener queue').waitFor();
    const available = applicantPage.getByRole('radio', { name: /^Available/ });
    await expect.poll(() => available.isDisabled()).toBe(false);
    await available.check();
    await applicantPage.getByText('Waiting for Sharers…').waitFor();
    expect(await applicantPage.getByText('Your application is being reviewed').count()).toBe(0);
  });
});

describe('support conversations', () => {
  let ticketPath: string;

  it('a user contacts support from the header', async () => {
    askerPage = await signIn(await e2e.newContext(), people.asker, '/dashboard');
    await openFromMainNav(askerPage, 'Support', { url: '**/support' });
    await heading(askerPage, 'Support').waitFor();
    await expectNoSeriousA11yViolations(askerPage, 'support');

    await askerPage.getByLabel('Subject').fill(SUBJECT);
    await askerPage.getByLabel('How can we help?').fill(FIRST_MESSAGE);
    await askerPage.getByRole('button', { name: 'Send to support' }).click();
    await askerPage.waitForURL(/\/support\/[0-9a-f-]{36}$/);
    ticketPath = new URL(askerPage.url()).pathname;
    await askerPage.getByText(FIRST_MESSAGE, { exact: true }).waitFor();
    await askerPage.getByText(SUBJECT).first().waitFor();
  });

  it('an admin takes the ticket and replies as Kindred Support', async () => {
    await adminPage
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Support', exact: true })
      .click();
    await adminPage.waitForURL('**/admin/support');
    await heading(adminPage, 'Support queue', 2).waitFor();
    await adminPage.getByText(FIRST_MESSAGE).waitFor();
    await expectNoSeriousA11yViolations(adminPage, 'admin support');

    await adminPage.getByRole('button', { name: `Take ownership of ${SUBJECT}` }).click();
    await adminPage.getByText(`You now own “${SUBJECT}”`).waitFor();
    await chat.composer(adminPage).waitFor();
    await adminPage
      .getByRole('region', { name: 'Messages' })
      .getByText(FIRST_MESSAGE, { exact: true })
      .waitFor();
    await chat.composer(adminPage).fill(REPLY);
    await chat.composer(adminPage).press('Enter');
    await adminPage.getByRole('region', { name: 'Messages' }).getByText(REPLY).waitFor();
  });

  it('the user sees the reply, from Kindred Support, at once', async () => {
    await askerPage.getByText(REPLY, { exact: true }).waitFor();
    await heading(askerPage, /Kindred Support/).waitFor();
    expect(await askerPage.getByText(people.admin.pseudonym).count()).toBe(0);
    await expectNoSeriousA11yViolations(askerPage, 'support ticket');
  });

  it('a resolved ticket can be read but not answered', async () => {
    await adminPage.getByRole('button', { name: 'Resolve', exact: true }).click();
    const dialog = adminPage.getByRole('dialog', { name: `Resolve “${SUBJECT}”?` });
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await adminPage.getByText(`“${SUBJECT}” marked resolved`).waitFor();

    await askerPage.goto(ticketPath);
    await askerPage
      .getByText('This request is resolved. Need more help? Start a new one.')
      .waitFor();
    expect(await chat.composer(askerPage).count()).toBe(0);
    await askerPage.getByText(REPLY, { exact: true }).waitFor();
  });
});
