import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Conversation } from '@kindred/protocol';
import axe from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { KindredApp } from '../apps/server/src/app';
import { buildTestApp, type TestApp } from '../apps/server/test/app';
import { callApi, PASSWORD, type SignedInUser, signUp } from '../apps/server/test/factories';
import { listeningChat } from '../apps/server/test/scenarios';
import { connectAs, emitAck, listen } from '../apps/server/test/sockets';

/** The built web app; E2E_WEB_DIST points elsewhere (a build made for one test run). */
const webDist =
  process.env.E2E_WEB_DIST ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/dist');

export interface E2eServer {
  baseUrl: string;
  test: TestApp;
  close(): Promise<void>;
}

/** The real server, serving the built web app, on a free loopback port. */
export async function startServer(env: Record<string, string> = {}): Promise<E2eServer> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `npm run build` first (npm test does it)');
  }
  const test = await buildTestApp({ env: { WEB_DIST: webDist, ...env } });
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = test.app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, test, close: () => test.close() };
}

/** Debian's Chromium, headless, with nothing reaching outside this machine (plus `extraArgs`). */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** The server and browser of one e2e file, as `useE2e` gives them: usable inside tests and hooks. */
export interface E2eHandle {
  readonly server: E2eServer;
  readonly app: KindredApp;
  readonly browser: Browser;
  /**
   * A fresh browser context on the app. The app's CSP forbids inline scripts; it is bypassed
   * (unless `options` say otherwise) so that axe can be injected for the scans.
   */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * Starts the server (with `env`) and the browser (with `browserArgs`) before the file's first
 * test, and closes both after its last.
 */
export function useE2e(
  options: { env?: Record<string, string>; browserArgs?: string[] } = {},
): E2eHandle {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const current = () => {
    if (!server || !browser)
      throw new Error('useE2e: the server exists only inside tests and hooks');
    return { server, browser };
  };
  beforeAll(async () => {
    server = await startServer(options.env);
    browser = await launchBrowser(options.browserArgs);
  });
  // A failed step says where each page was: its address, open dialogs, the start of its text and
  // what happened on it (where it went, answers ≥ 400, console errors), so a failure in CI can be
  // read.
  const trouble = new WeakMap<Page, string[]>();
  const watch = (page: Page) => {
    const lines: string[] = [];
    trouble.set(page, lines);
    const note = (line: string) => lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    page.on('response', (r) => {
      if (r.status() >= 400) note(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') note(`console: ${m.text().slice(0, 200)}`);
    });
    page.on('pageerror', (e) => note(`page error: ${e.message.slice(0, 200)}`));
    // Where the page went, and when: a page that moved by itself shows it here.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) note(`at ${frame.url()}`);
    });
  };
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !browser) return;
    const pages = browser.contexts().flatMap((c) => c.pages());
    const states = await Promise.all(pages.map((page, i) => describePage(page, i, trouble)));
    // A step that runs again (CI) starts from its pages reloaded where they were, as a person
    // would reload a page that stopped responding; it is still listed as passed only on a retry.
    const retries = typeof task.retry === 'number' ? task.retry : (task.retry?.count ?? 0);
    if ((task.result.retryCount ?? 0) < retries) {
      await Promise.all(pages.map((page) => page.reload({ timeout: 15_000 }).catch(() => {})));
    }
    throw new Error(`Where the pages were when the step failed:\n${states.join('\n')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    server = undefined;
    browser = undefined;
  });
  return {
    get server() {
      return current().server;
    },
    get app() {
      return current().server.test.app;
    },
    get browser() {
      return current().browser;
    },
    async newContext(contextOptions = {}) {
      const context = await current().browser.newContext({
        baseURL: current().server.baseUrl,
        bypassCSP: true,
        ...contextOptions,
      });
      context.on('page', watch);
      return context;
    },
  };
}

/** One page's state for a failed step's report (never throws: the page may be closing). */
async function describePage(
  page: Page,
  index: number,
  trouble: WeakMap<Page, string[]>,
): Promise<string> {
  const visibleText = (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).innerText).join(' | '))
      .catch(() => '?');
  const flat = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);
  const dialogs = flat(
    await visibleText('dialog[open], [role="dialog"], [role="alertdialog"]'),
    300,
  );
  const main = flat(await visibleText('main'), 500);
  return [
    `page ${index + 1}: ${page.url()}`,
    dialogs && `  dialogs: ${dialogs}`,
    `  main: ${main}`,
    ...(trouble.get(page) ?? []).slice(-10).map((line) => `  ${line}`),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * What `build` makes on the file's server (its people, a chat between them…), made before the
 * file's first test (after the server starts): its fields are there inside tests and hooks.
 */
export function useScenario<T extends object>(
  e2e: E2eHandle,
  build: (app: KindredApp) => Promise<T>,
): Readonly<T> {
  const scenario = {} as T;
  beforeAll(async () => {
    Object.assign(scenario, await build(e2e.app));
  });
  return scenario;
}

/** People signed up before the file's first test, one after another, each with its options. */
export function usePeople<const Name extends string>(
  e2e: E2eHandle,
  options: Record<Name, Parameters<typeof signUp>[1]>,
): Readonly<Record<Name, SignedInUser>> {
  return useScenario(e2e, async (app) => {
    const people = {} as Record<Name, SignedInUser>;
    for (const name of Object.keys(options) as Name[]) {
      people[name] = await signUp(app, options[name]);
    }
    return people;
  });
}

/**
 * A listening chat the listener has already opened (as their browser does when the request
 * arrives): a page the listener loads later is not taken to it. (A listener whose connection
 * comes up within a minute of a request they have not opened is sent it again, and taken there.)
 */
export async function openedListeningChat(
  app: KindredApp,
  options?: Parameters<typeof listeningChat>[1],
) {
  const chat = await listeningChat(app, options);
  const socket = await connectAs(await listen(app), chat.listener);
  const joined = await emitAck(socket, 'join_chat', { session_id: chat.chatId });
  socket.close();
  expect(joined.success).toBe(true);
  return chat;
}

/**
 * Waits until `who` has a live connection (a browser page of theirs connected): `viewer`, who
 * shares the chat `chatId` with them, sees them online. A page's live events (a desktop
 * notification, a toast) reach it only from then on.
 */
export async function connectedIn(
  app: KindredApp,
  chatId: string,
  viewer: SignedInUser,
  who: SignedInUser,
): Promise<void> {
  const socket = await connectAs(await listen(app), viewer);
  try {
    await expect
      .poll(
        async () => {
          const joined = await emitAck<{ conversation: Conversation }>(socket, 'join_chat', {
            session_id: chatId,
          });
          return (
            joined.success &&
            joined.conversation.members.some((m) => m.user_id === who.id && m.online)
          );
        },
        { interval: 500 }, // join_chat is rate-limited
      )
      .toBe(true);
  } finally {
    socket.close();
  }
}

/** An admin, and a sharer and a listener who have a listening chat (`chatId`) it has opened. */
export const adminAndListeningChat = async (app: KindredApp) => ({
  admin: await signUp(app, { isAdmin: true }),
  ...(await openedListeningChat(app)),
});

/** The header's main navigation. */
export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Follows the main navigation's link `name` and waits for the page it opens. */
export async function openFromMainNav(
  page: Page,
  name: string,
  arrived: { url: string } | { heading: string },
): Promise<void> {
  await mainNav(page).getByRole('link', { name }).click();
  if ('url' in arrived) await page.waitForURL(arrived.url);
  else await page.getByRole('heading', { level: 1, name: arrived.heading }).waitFor();
}

/** The chat screen, as a person sees it. */
export const chat = {
  /** The message box. */
  composer: (page: Page) => page.getByRole('textbox', { name: 'Write a message' }),
  /** The list of messages. */
  messages: (page: Page) => page.getByRole('region', { name: 'Messages' }),
  /** Types a message and sends it with Enter. */
  async send(page: Page, text: string): Promise<void> {
    await chat.composer(page).fill(text);
    await chat.composer(page).press('Enter');
  },
};

/** Runs axe on the page as it is now: every violation, with its impact. */
async function axeViolations(page: Page) {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
}

/** Runs axe on the page as it is now and fails on any serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const serious = (await axeViolations(page)).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** Runs axe on the page as it is now and fails on any violation at all, whatever its impact. */
export async function expectNoA11yViolations(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Signs a user in through the login page and lands on `next`. */
export async function signIn(
  context: BrowserContext,
  user: SignedInUser,
  next: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${next}`);
  return page;
}

/**
 * A listening chat open in two browsers: the listener goes available on the queue page, the
 * sharer asks for them (as Connect on the find-a-listener page does) and opens the chat, and the
 * listener is moved to it. `sharerContext` sets the sharer's browser (a locale, say).
 */
export async function openListeningChat(
  e2e: E2eHandle,
  sharer: SignedInUser,
  listener: SignedInUser,
  sharerContext: BrowserContextOptions = {},
): Promise<{ sessionId: string; sharerPage: Page; listenerPage: Page }> {
  const listenerPage = await signIn(await e2e.newContext(), listener, '/listener/queue');
  await goAvailable(listenerPage);
  await listenerPage.getByText('Waiting for Sharers…').waitFor();
  // The page shows the choice at once; the sharer can ask once the server has it.
  await expect
    .poll(async () => (await callApi(e2e.app, listener, 'GET', '/users/me')).json())
    .toMatchObject({ listener_availability: 'available' });
  const started = await callApi(e2e.app, sharer, 'POST', '/match/request-chat', {
    listener_id: listener.id,
  });
  expect(started.statusCode, started.body).toBe(201);
  const sessionId = (started.json() as { session_id: string }).session_id;
  const sharerPage = await signIn(
    await e2e.newContext(sharerContext),
    sharer,
    `/sharer/chat/${sessionId}`,
  );
  await listenerPage.waitForURL(`**/listener/chat/${sessionId}`);
  await listenerPage.getByRole('heading', { level: 1, name: sharer.pseudonym }).waitFor();
  await sharerPage.getByRole('heading', { level: 1, name: listener.pseudonym }).waitFor();
  return { sessionId, sharerPage, listenerPage };
}

/**
 * A listener on the queue page goes available by choosing Available (a sharer already waiting may
 * be offered to them straight away, so nothing else is awaited here).
 */
export async function goAvailable(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /^Available/ }).click();
}
