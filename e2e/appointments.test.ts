import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, signUp, type SignedInUser } from '../apps/server/test/factories';
import { signIn, useE2e } from './support';

/**
 * A booked session in two browsers and two time zones: a listener in London sets their weekly
 * hours; a sharer in New York books one of the free times and sees it in New York time, the
 * listener sees it in London time; the sharer moves it, the listener cancels it, and the calendar
 * file downloads and parses. (In December neither zone is on summer time: London is UTC+0, New
 * York UTC−5, so the listener's 18:00 is the sharer's 13:00.)
 */

const e2e = useE2e({ env: { LISTENER_APPROVAL: 'off' } });
let listener: SignedInUser;
let sharer: SignedInUser;
let listenerPage: Page;
let sharerPage: Page;
let appointmentPath: string;

beforeAll(async () => {
  listener = await signUp(e2e.app, { roles: ['listener'] });
  sharer = await signUp(e2e.app);
  await callApi(e2e.app, listener, 'PATCH', '/users/me', { time_zone: 'Europe/London' });
  await callApi(e2e.app, sharer, 'PATCH', '/users/me', { time_zone: 'America/New_York' });
});

/** The session's time as its page shows it. */
const shownTime = (page: Page) => page.getByTestId('appointment-time').textContent();

describe('booking a session across time zones', () => {
  it('the listener in London offers 18:00–20:00 every day, to anyone', async () => {
    listenerPage = await signIn(
      await e2e.newContext({ timezoneId: 'Europe/London' }),
      listener,
      '/listener/availability',
    );
    await listenerPage.getByRole('heading', { name: 'My availability' }).waitFor();
    await listenerPage.getByLabel('Accept bookings').check();
    await listenerPage.getByLabel('Who may book').selectOption('anyone');
    await listenerPage.getByLabel('Time zone of the weekly hours').selectOption('Europe/London');
    for (const day of [
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ]) {
      await listenerPage.getByRole('button', { name: `Add hours on ${day}` }).click();
    }
    await expect.poll(() => listenerPage.getByLabel('Monday from').inputValue()).toBe('18:00');
    await listenerPage.getByLabel('Minimum notice (hours)').fill('1');
    await listenerPage.getByRole('button', { name: 'Save availability' }).click();
    await listenerPage.getByText('Your availability is saved').waitFor();
    await listenerPage.getByText('Sharers can book you now.').waitFor();
  });

  it('the sharer in New York sees the free times in New York time and books one', async () => {
    sharerPage = await signIn(
      await e2e.newContext({ timezoneId: 'America/New_York' }),
      sharer,
      `/listeners/${listener.id}/book`,
    );
    await sharerPage
      .getByRole('heading', { name: `Book a session with ${listener.pseudonym}` })
      .waitFor();
    await sharerPage.getByText('America/New_York (EST)').first().waitFor();
    const days = sharerPage.getByRole('list', { name: 'Days with free times' });
    await days.getByRole('button').nth(1).click();
    const firstTime = sharerPage.getByRole('button', { name: /^13:00–13:50/ }).first();
    await firstTime.click();
    await sharerPage.getByLabel('What would you like to talk about?').fill('Starting a new job');
    await sharerPage.getByRole('button', { name: 'Confirm booking' }).click();
    await sharerPage.waitForURL('**/appointments/*');
    appointmentPath = new URL(sharerPage.url()).pathname;
    expect(await shownTime(sharerPage)).toMatch(/, 13:00–13:50 America\/New_York \(EST\)$/);
    await sharerPage.getByText('Starting a new job').waitFor();
    await sharerPage.getByText(/starts in /).waitFor();
  });

  it('the listener sees the same session in London time, on the sessions page', async () => {
    await listenerPage.goto('/appointments');
    const upcoming = listenerPage.getByRole('list', { name: 'Upcoming sessions' });
    const link = upcoming.getByRole('link', { name: /18:00–18:50 Europe\/London \(GMT\)$/ });
    await link.click();
    await listenerPage.waitForURL(`**${appointmentPath}`);
    expect(await shownTime(listenerPage)).toMatch(/, 18:00–18:50 Europe\/London \(GMT\)$/);
    await listenerPage.getByRole('heading', { name: `Session with ${sharer.pseudonym}` }).waitFor();
    // Not yet 10 minutes before the start: the video room is closed.
    expect(await listenerPage.getByRole('button', { name: 'Join video' }).isDisabled()).toBe(true);
  });

  it('the sharer moves it an hour later; both see the new time in their zones', async () => {
    await sharerPage.getByRole('button', { name: 'Reschedule' }).click();
    const dialog = sharerPage.getByRole('dialog', { name: 'Reschedule the session' });
    await dialog
      .getByRole('list', { name: 'Days with free times' })
      .getByRole('button')
      .nth(1)
      .click();
    await dialog
      .getByRole('button', { name: /^14:00–14:50/ })
      .first()
      .click();
    await dialog.getByRole('button', { name: 'Move to 14:00' }).click();
    await sharerPage.getByText('The session was moved').waitFor();
    await expect
      .poll(() => shownTime(sharerPage))
      .toMatch(/, 14:00–14:50 America\/New_York \(EST\)$/);
    await listenerPage.reload();
    await expect
      .poll(() => shownTime(listenerPage))
      .toMatch(/, 19:00–19:50 Europe\/London \(GMT\)$/);
  });

  it('the calendar file downloads and parses', async () => {
    const [download] = await Promise.all([
      sharerPage.waitForEvent('download'),
      sharerPage.getByRole('button', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    const ics = await readFile((await download.path())!, 'utf8');
    const field = (name: string) => new RegExp(`^${name}[:;](.*)$`, 'm').exec(ics)?.[1]?.trim();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(field('UID')).toMatch(/\S+@\S+|[0-9a-f-]{36}/);
    expect(field('SUMMARY')).toBeTruthy();
    // 14:00 in New York is 19:00 UTC.
    expect(field('DTSTART')).toMatch(/T190000Z$/);
  });

  it('the listener cancels with a reason; the sharer sees who and why', async () => {
    await listenerPage.getByRole('button', { name: 'Cancel session' }).click();
    const dialog = listenerPage.getByRole('dialog', { name: 'Cancel the session?' });
    await dialog.getByLabel(/Reason/).fill('Something came up, sorry');
    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    await listenerPage.getByText('Status: Cancelled').waitFor();
    await sharerPage.reload();
    await sharerPage
      .getByText(`Cancelled by ${listener.pseudonym}: “Something came up, sorry”`)
      .waitFor();
    expect(await sharerPage.getByRole('button', { name: 'Reschedule' }).count()).toBe(0);
  });
});
