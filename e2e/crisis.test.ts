import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chat,
  expectNoSeriousA11yViolations,
  openListeningChat,
  signIn,
  useE2e,
  usePeople,
} from './support';

/**
 * The crisis path in three browsers: a sharer in the UK writes a self-harm line; their message
 * stays in view with the UK help line; the listener is shown private guidance at once and alerts
 * staff; a team member sees it arrive live, acknowledges it and sends a check-in the sharer
 * receives; after the chat the sharer sees the help line before any rating and the listener is
 * offered a pause.
 */

const e2e = useE2e();
const people = usePeople(e2e, {
  sharer: { roles: ['sharer'] },
  listener: { roles: ['listener'] },
  admin: { isAdmin: true },
});
let sharerPage: Page;
let listenerPage: Page;
let adminPage: Page;

const RISKY = "I don't want to be alive anymore";
const CHECK_IN = 'Hi, this is the Kindred team. We are thinking of you: how are you right now?';

/** Whether the whole element is inside the visible part of the scrolling message list. */
async function inView(item: Locator, list: Locator): Promise<boolean> {
  const [a, b] = await Promise.all([item.boundingBox(), list.boundingBox()]);
  return !!a && !!b && a.y >= b.y - 1 && a.y + a.height <= b.y + b.height + 1;
}

describe('the crisis path, from a self-harm line to after the chat', () => {
  it('a team member keeps the Wellbeing tab open', async () => {
    adminPage = await signIn(await e2e.newContext(), people.admin, '/admin/wellbeing');
    await adminPage.getByRole('heading', { level: 2, name: 'Wellbeing queue' }).waitFor();
    await adminPage.getByText('No one needs follow-up right now.', { exact: false }).waitFor();
    expect(await adminPage.title()).toBe('Wellbeing · Admin · Kindred');
    await expectNoSeriousA11yViolations(adminPage, 'empty wellbeing queue');
  });

  it("the sharer's message stays in view with the help line for their country", async () => {
    ({ sharerPage, listenerPage } = await openListeningChat(e2e, people.sharer, people.listener, {
      locale: 'en-GB',
    }));
    await chat.send(sharerPage, RISKY);
    // The listener sees the message and, within a second of it, their private guidance.
    await chat.messages(listenerPage).getByText(RISKY, { exact: true }).waitFor();
    const guidance = listenerPage.getByRole('region', { name: /Private guidance for you/ });
    await guidance.waitFor({ timeout: 1000 });

    const card = sharerPage.getByRole('region', { name: "You don't have to carry this alone" });
    await card.waitFor();
    expect(await card.getByRole('link', { name: '116 123' }).getAttribute('href')).toBe(
      'tel:116123',
    );
    const list = chat.messages(sharerPage);
    const mine = list.locator('ol > li').filter({ hasText: RISKY });
    await expect.poll(() => inView(mine, list)).toBe(true);
    await expectNoSeriousA11yViolations(sharerPage, 'chat with the crisis card');

    // Folded to one line, it still names the line; the choice is kept for this chat.
    await card.getByRole('button', { name: 'Fold the support card' }).click();
    const folded = sharerPage.getByRole('region', { name: 'Support:' });
    await folded.getByText('Samaritans', { exact: false }).waitFor();
    expect(await folded.getByRole('link', { name: '116 123' }).isVisible()).toBe(true);
    expect(await inView(mine, list)).toBe(true);
    // The sharer is never shown the listener's guidance.
    expect(await sharerPage.getByText('Private guidance for you').count()).toBe(0);
  });

  it('the listener reads the guidance and alerts staff', async () => {
    // A reload keeps it while the chat lasts (the chat says it was flagged).
    await listenerPage.reload();
    const guidance = listenerPage.getByRole('region', { name: /Private guidance for you/ });
    await guidance.getByText("Don't promise", { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(listenerPage, 'chat with the guidance panel');
    await guidance.getByRole('button', { name: 'Alert staff' }).click();
    await guidance.getByText('Staff alerted: the Kindred team will look in.').waitFor();
    expect(await guidance.getByRole('button', { name: 'Staff alerted' }).isDisabled()).toBe(true);
  });

  it('the team member sees both arrive live, acknowledges and sends a check-in', async () => {
    const urgent = adminPage.getByRole('article', {
      name: `Someone in the chat asked for help · ${people.sharer.pseudonym}`,
    });
    const flag = adminPage.getByRole('article', {
      name: `Self-harm wording · ${people.sharer.pseudonym}`,
    });
    await urgent.waitFor();
    await flag.waitFor();
    await flag.getByText(RISKY).waitFor();
    await urgent.getByText('Urgent').waitFor();
    await urgent.getByText('New').waitFor();
    // The urgent item comes first, and the title counts what is new.
    const headings = await adminPage
      .getByRole('list', { name: 'Wellbeing items' })
      .getByRole('heading', { level: 3 })
      .allTextContents();
    expect(headings[0]).toContain('Someone in the chat asked for help');
    expect(await adminPage.title()).toBe('(2) Wellbeing · Admin · Kindred');
    await expectNoSeriousA11yViolations(adminPage, 'wellbeing queue with live items');

    await urgent.getByRole('button', { name: 'Acknowledge' }).click();
    await urgent.getByText(/^Acknowledged by you · /).waitFor();
    expect(await adminPage.title()).toBe('(1) Wellbeing · Admin · Kindred');

    await urgent.getByRole('button', { name: 'Send check-in' }).click();
    await urgent.getByLabel(/^Message to /).fill(CHECK_IN);
    await urgent.getByLabel('Resource to send with it').selectOption('https://findahelpline.com');
    await expectNoSeriousA11yViolations(adminPage, 'check-in form');
    await urgent.getByRole('button', { name: 'Send', exact: true }).click();
    await urgent.getByText(`Check-in sent to ${people.sharer.pseudonym}`).waitFor();

    const fromTeam = sharerPage.getByRole('region', { name: 'From the Kindred team' });
    await fromTeam.getByText(CHECK_IN).waitFor();
    expect(
      await fromTeam
        .getByRole('link', { name: 'Open the resource they sent' })
        .getAttribute('href'),
    ).toBe('https://findahelpline.com/');
  });

  it('after the chat the sharer sees the help line before any rating; the listener may pause', async () => {
    await sharerPage.getByRole('button', { name: 'End chat' }).click();
    await sharerPage
      .getByRole('dialog', { name: 'End this chat?' })
      .getByRole('button', { name: 'End chat' })
      .click();

    const support = sharerPage.getByRole('region', {
      name: 'Before you go: support is there any time',
    });
    await support.waitFor();
    expect(await support.getByRole('link', { name: '116 123' }).isVisible()).toBe(true);
    await support.getByRole('link', { name: /findahelpline\.com/ }).waitFor();
    // No rating is asked first: it is there, optional, for later.
    expect(await sharerPage.getByRole('dialog', { name: 'How was your experience?' }).count()).toBe(
      0,
    );
    await support.getByRole('button', { name: 'Rate this chat (optional)' }).waitFor();
    await expectNoSeriousA11yViolations(sharerPage, 'after a flagged chat (sharer)');
    // Still so after a reload: nothing asks for a rating first.
    await sharerPage.reload();
    await support.getByRole('link', { name: '116 123' }).waitFor();
    expect(await sharerPage.getByRole('dialog', { name: 'How was your experience?' }).count()).toBe(
      0,
    );

    const offer = listenerPage.getByRole('region', { name: 'That sounded heavy — take a moment?' });
    await offer.waitFor();
    expect(
      await listenerPage.getByRole('dialog', { name: 'How was your experience?' }).count(),
    ).toBe(0);
    await offer.getByRole('button', { name: 'Pause 30 minutes' }).click();
    await offer.getByText(/^You're paused until /).waitFor();
    await offer.getByLabel('Private debrief note').fill('Heavy one. Taking a walk.');
    await offer.getByRole('button', { name: 'Save note' }).click();
    await offer.getByText('Note saved.').waitFor();
    await expectNoSeriousA11yViolations(listenerPage, 'after a flagged chat (listener)');

    // The sharer may still rate, afterwards.
    await support.getByRole('button', { name: 'Rate this chat (optional)' }).click();
    await sharerPage.getByRole('dialog', { name: 'How was your experience?' }).waitFor();
  });
});
