import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, PASSWORD } from '../apps/server/test/factories';
import {
  adminAndListeningChat,
  chat,
  expectNoSeriousA11yViolations,
  openFromMainNav,
  signIn,
  useE2e,
  useScenario,
} from './support';

const e2e = useE2e();
// A real listening chat (so that it counts in the statistics and charts).
const people = useScenario(e2e, adminAndListeningChat);
let adminPage: Page;
let sharerPage: Page;
let listenerPage: Page;

const HARASSMENT = 'You are pathetic and nobody cares about you';
const DISTRESS = "I can't go on like this";

/** Sends a message and waits until the sender sees it in the chat. */
async function send(page: Page, text: string) {
  await chat.send(page, text);
  await chat.messages(page).getByText(text, { exact: true }).waitFor();
}

async function openTab(name: string) {
  await adminPage
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name, exact: true })
    .click();
}

beforeAll(async () => {
  const app = e2e.app;
  sharerPage = await signIn(await e2e.newContext(), people.sharer, `/sharer/chat/${people.chatId}`);
  listenerPage = await signIn(
    await e2e.newContext(),
    people.listener,
    `/listener/chat/${people.chatId}`,
  );
  await sharerPage.getByRole('heading', { level: 1, name: people.listener.pseudonym }).waitFor();
  await listenerPage.getByRole('heading', { level: 1, name: people.sharer.pseudonym }).waitFor();

  // The listener is unkind, and the sharer reports the message.
  await send(listenerPage, HARASSMENT);
  await sharerPage.getByText(HARASSMENT, { exact: true }).waitFor();
  const history = await callApi(
    app,
    people.sharer,
    'GET',
    `/chat/sessions/${people.chatId}/messages`,
  );
  const unkind = (history.json().messages as { id: string; content: string }[]).find(
    (m) => m.content === HARASSMENT,
  );
  const reported = await callApi(app, people.sharer, 'POST', '/reports', {
    reported_user_id: people.listener.id,
    chat_session_id: people.chatId,
    message_id: unkind?.id,
    reason: 'harassment',
    description: 'They insulted me when I opened up',
  });
  expect(reported.statusCode).toBe(201);

  // The sharer writes something that the pipeline flags for review.
  await send(sharerPage, DISTRESS);
  await listenerPage.getByText(DISTRESS, { exact: true }).waitFor();
});

describe('the admin area', () => {
  it('is not for everyone: no Admin link and a clear refusal for a sharer', async () => {
    const page = await sharerPage.context().newPage();
    await page.goto('/admin');
    await page.getByRole('heading', { name: "You're not allowed to see this page" }).waitFor();
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await page.close();
  });

  it('shows an admin the statistics and charts of real data', async () => {
    adminPage = await signIn(await e2e.newContext(), people.admin, '/dashboard');
    await openFromMainNav(adminPage, 'Admin', { url: '**/admin' });
    await adminPage.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    const stats = adminPage.getByRole('region', { name: 'Platform statistics' });
    const card = (label: string) =>
      stats.getByRole('listitem').filter({ has: adminPage.getByText(label, { exact: true }) });
    await card('Pending reports').waitFor();
    expect(await card('Pending reports').textContent()).toMatch(/^1/);
    expect(await card('Flagged messages').textContent()).toMatch(/^1/);
    expect(await card('Active chats').textContent()).toMatch(/^1/);

    const charts = adminPage.getByRole('region', { name: 'Trends' });
    await charts.getByRole('figure', { name: 'Chats per day, last 30 days' }).waitFor();
    // Each chart is an image with a name, and its numbers are one click away.
    await charts.getByRole('img', { name: 'Chats per day, last 30 days' }).waitFor();
    const reports = charts.getByRole('figure', { name: 'Reports by reason and status' });
    await reports.getByText('Show the numbers').click();
    const harassment = reports.getByRole('row', { name: /Harassment/ });
    expect(await harassment.getByRole('cell').first().textContent()).toBe('1');
    await expectNoSeriousA11yViolations(adminPage, 'admin dashboard');
  });

  it('reviews the flagged message with its context and removes it for both members', async () => {
    await openTab('Reports & Moderation');
    await adminPage.waitForURL('**/admin/moderation');
    const queue = adminPage.getByRole('region', { name: 'Moderation queue' });
    await queue
      .getByRole('button', { name: `Review Severe distress from ${people.sharer.pseudonym}` })
      .click();

    const review = adminPage.getByRole('region', { name: /^Review: Severe distress/ });
    await review.getByRole('blockquote').filter({ hasText: DISTRESS }).waitFor();
    // The messages around it, the subject marked.
    const context = review.getByRole('list', { name: 'Messages around the item' });
    await context.getByText(HARASSMENT).waitFor();
    const subject = context.locator('li[aria-current="true"]');
    expect(await subject.textContent()).toContain(DISTRESS);
    await expectNoSeriousA11yViolations(adminPage, 'moderation review');

    await review.getByRole('button', { name: 'Remove message' }).click();
    await adminPage.getByText('Message removed').waitFor();
    for (const page of [sharerPage, listenerPage]) {
      await chat.messages(page).getByText('Removed by a moderator').waitFor();
      expect(await chat.messages(page).getByText(DISTRESS).count()).toBe(0);
    }
    // Reviewed items move to the other list.
    await queue.getByRole('button', { name: 'Reviewed', exact: true }).click();
    await queue
      .getByRole('button', { name: `Review Severe distress from ${people.sharer.pseudonym}` })
      .waitFor();
    await queue.getByRole('button', { name: 'Open', exact: true }).click();
  });

  it('finds the reported user in the Users tab, with their open report', async () => {
    await adminPage.goto('/admin/users');
    await adminPage.getByLabel('Search').fill(people.listener.pseudonym);
    const row = adminPage.getByRole('row', { name: new RegExp(people.listener.pseudonym) }).first();
    await expect.poll(() => adminPage.getByRole('row').count()).toBe(2);
    expect(await row.textContent()).toContain(people.listener.email);
    await expectNoSeriousA11yViolations(adminPage, 'admin users');

    await row.getByRole('button', { name: `View details of ${people.listener.pseudonym}` }).click();
    await adminPage.getByRole('link', { name: '1 open report' }).click();
    await adminPage.waitForURL(`**/admin/moderation?reported_user_id=${people.listener.id}`);
  });

  it('reads the evidence in the reports table and records a resolution', async () => {
    // Where the Users tab's link leads.
    await adminPage.goto(`/admin/moderation?reported_user_id=${people.listener.id}`);
    const reports = adminPage.getByRole('region', { name: 'Reports', exact: true });
    await reports
      .getByRole('button', {
        name: new RegExp(`^Show the report against ${people.listener.pseudonym}`),
      })
      .click();
    await reports.getByRole('blockquote').filter({ hasText: HARASSMENT }).waitFor();
    await reports.getByText('They insulted me when I opened up').waitFor();
    await expectNoSeriousA11yViolations(adminPage, 'admin reports');

    await reports
      .getByLabel('Resolution', { exact: true })
      .fill('Looking into it with the listener');
    await reports.getByLabel('Status', { exact: true }).selectOption('under_review');
    await reports.getByRole('button', { name: 'Save resolution' }).click();
    await adminPage.getByText('Report updated').waitFor();
    await expect
      .poll(() =>
        reports
          .getByRole('row', { name: new RegExp(people.listener.pseudonym) })
          .first()
          .textContent(),
      )
      .toContain('Under review');
  });

  it('warns the reported user, who sees the warning until they acknowledge it', async () => {
    await adminPage.goto('/admin/moderation');
    const queue = adminPage.getByRole('region', { name: 'Moderation queue' });
    await queue
      .getByRole('button', { name: `Review Harassment from ${people.listener.pseudonym}` })
      .click();
    const review = adminPage.getByRole('region', { name: /^Review: Harassment/ });
    await review.getByRole('blockquote').filter({ hasText: HARASSMENT }).waitFor();
    await review.getByRole('button', { name: 'Warn user' }).click();
    const dialog = adminPage.getByRole('dialog', { name: `Warn ${people.listener.pseudonym}` });
    await dialog.getByRole('button', { name: 'Send warning' }).click();
    await dialog.getByText('Warning is required').waitFor();
    await dialog.getByLabel('Warning').fill('Please be kind: insults are not allowed on Kindred.');
    await dialog.getByRole('button', { name: 'Send warning' }).click();
    await adminPage.getByText('Warning sent').waitFor();

    const notice = listenerPage.getByRole('region', { name: 'Warning from the Kindred team' });
    await notice.getByText('Please be kind: insults are not allowed on Kindred.').waitFor();
    await expectNoSeriousA11yViolations(listenerPage, 'chat with a warning');
    await notice.getByRole('button', { name: 'I understand' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    // Acknowledged notices stay gone after a reload.
    await listenerPage.reload();
    await listenerPage.getByRole('heading', { level: 1, name: people.sharer.pseudonym }).waitFor();
    expect(await notice.count()).toBe(0);
  });

  it('bans them with a reason; the table refreshes', async () => {
    await adminPage.goto('/admin/users');
    await adminPage.getByLabel('Search').fill(people.listener.pseudonym);
    const row = adminPage.getByRole('row', { name: new RegExp(people.listener.pseudonym) }).first();
    await expect.poll(() => adminPage.getByRole('row').count()).toBe(2);
    const banButton = adminPage.getByRole('button', { name: `Ban ${people.listener.pseudonym}` });
    const dialog = adminPage.getByRole('dialog', { name: `Ban ${people.listener.pseudonym}?` });
    // By keyboard: Enter opens the dialog in the reason field, Escape goes back to the button.
    await banButton.focus();
    await adminPage.keyboard.press('Enter');
    await dialog.getByText('This will end any active chats.').waitFor();
    await expect
      .poll(() => adminPage.evaluate(() => document.activeElement?.tagName))
      .toBe('TEXTAREA');
    await adminPage.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() => banButton.evaluate((node) => node === document.activeElement))
      .toBe(true);

    await banButton.click();
    await dialog.getByText('This will end any active chats.').waitFor();
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await dialog.getByText('Reason is required').waitFor();
    await expectNoSeriousA11yViolations(adminPage, 'ban dialog');
    await dialog.getByLabel('Reason').fill('Harassed a sharer after a warning');
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await adminPage.getByText(`${people.listener.pseudonym} is banned`).waitFor();
    // The table refreshes: the row now offers Unban and says Banned.
    await adminPage.getByRole('button', { name: `Unban ${people.listener.pseudonym}` }).waitFor();
    expect(await row.textContent()).toContain('Banned');
  });

  it("ends the banned user's chat, signs them out, and keeps them out", async () => {
    await listenerPage.waitForURL('**/login');
    await listenerPage.getByText('This account has been suspended').first().waitFor();
    await sharerPage.getByText('This chat has ended').first().waitFor();

    await listenerPage.getByLabel('Email').fill(people.listener.email);
    await listenerPage.getByLabel('Password').fill(PASSWORD);
    await listenerPage.getByRole('button', { name: 'Sign in' }).click();
    await listenerPage
      .getByRole('alert')
      .filter({ hasText: 'This account has been suspended; contact support' })
      .waitFor();
    expect(listenerPage.url()).toContain('/login');
  });

  it('unbans them, and they can sign in again', async () => {
    await adminPage.getByRole('button', { name: `Unban ${people.listener.pseudonym}` }).click();
    await adminPage.getByText(`${people.listener.pseudonym} can use Kindred again`).waitFor();
    await adminPage.getByRole('button', { name: `Ban ${people.listener.pseudonym}` }).waitFor();

    await listenerPage.getByRole('button', { name: 'Sign in' }).click();
    await listenerPage.waitForURL('**/dashboard');
    await listenerPage
      .getByRole('heading', { name: `Welcome, ${people.listener.pseudonym}` })
      .waitFor();
  });

  it('records every action in the audit log, and every tab passes axe', async () => {
    await openTab('Audit log');
    await adminPage.waitForURL('**/admin/logs');
    const log = adminPage.getByRole('table', { name: 'Admin actions' });
    await log.waitFor();
    const text = await log.textContent();
    expect(text).toContain('Ban');
    expect(text).toContain('Harassed a sharer after a warning');
    expect(text).toMatch(/Remove message/i);
    expect(text).toContain('Warn user');
    expect(text).toContain('Unban user');
    await expectNoSeriousA11yViolations(adminPage, 'audit log');

    for (const [tab, path] of [
      ['Listeners', '/admin/listeners'],
      ['Support', '/admin/support'],
      ['Dashboard', '/admin'],
    ] as const) {
      await openTab(tab);
      await adminPage.waitForURL(`**${path}`);
      await expect
        .poll(() =>
          adminPage.locator('nav[aria-label="Admin sections"] [aria-current="page"]').textContent(),
        )
        .toBe(tab);
      await expectNoSeriousA11yViolations(adminPage, `admin ${tab}`);
    }
  });
});
