/**
 * `npm run lighthouse`: Lighthouse (the pinned devDependency) in its default mobile emulation
 * (a mid-range phone, simulated slow 4G, 4× CPU slowdown) against one local Kindred node in
 * production mode, serving the built web app (`npm run build` first). Scores for the landing
 * page, sign-in and a signed-in dashboard; one JSON document on stdout, progress on stderr.
 *
 * Debian's Chromium by default (CHROMIUM_PATH to change it). LIGHTHOUSE_WEB_DIST points the
 * server at another build; LIGHTHOUSE_REPORT_DIR, when set, receives each page's full report
 * (`<page>.report.json`, for the Lighthouse viewer). Each page is measured LIGHTHOUSE_RUNS times
 * (3 by default) and the run with the median performance score is reported, as Lighthouse's
 * own guidance suggests for scores that vary from run to run. Like the benchmarks, it starts its own server on a free loopback port
 * and stops it when done.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startKindred } from './lib/kindred';
import { killAllChildren, log, stopServer } from './lib/processes';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDist = process.env.LIGHTHOUSE_WEB_DIST ?? path.join(repoRoot, 'apps/web/dist');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A demo account (the server seeds it): the dashboard is behind sign-in. */
const DEMO_USER = { email: 'sharer@example.com', password: 'Sharer123!' };
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const METRICS = {
  'first-contentful-paint': 'fcp_ms',
  'largest-contentful-paint': 'lcp_ms',
  'total-blocking-time': 'tbt_ms',
  'cumulative-layout-shift': 'cls',
  'speed-index': 'speed_index_ms',
} as const;

type PageReport = Record<(typeof CATEGORIES)[number], number | null> & {
  /** Every run's performance score, lowest first (the report is the median run's). */
  performance_runs?: (number | null)[];
  metrics: Record<string, number | null>;
  /** Accessibility audits that did not pass, by id (empty when the score is 100). */
  accessibility_failures: string[];
};

/** Signs the demo user in; the session cookies, as one Cookie header. */
async function sessionCookies(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify(DEMO_USER),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

async function audit(
  name: string,
  url: string,
  port: number,
  headers: Record<string, string> = {},
): Promise<PageReport> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    extraHeaders: headers,
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  const reportDir = process.env.LIGHTHOUSE_REPORT_DIR;
  if (reportDir) writeFileSync(path.join(reportDir, `${name}.report.json`), String(result.report));
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  const score = (id: string) => {
    const value = lhr.categories[id]?.score;
    return typeof value === 'number' ? Math.round(value * 100) : null;
  };
  const metrics: Record<string, number | null> = {};
  for (const [id, name] of Object.entries(METRICS)) {
    const value = lhr.audits[id]?.numericValue;
    metrics[name] =
      typeof value === 'number' ? Number(value.toFixed(name === 'cls' ? 3 : 0)) : null;
  }
  const accessibilityFailures = (lhr.categories.accessibility?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
    .map((ref) => ref.id);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    metrics,
    accessibility_failures: accessibilityFailures,
  };
}

function lighthouseVersion(): string {
  const manifest = path.join(repoRoot, 'node_modules/lighthouse/package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist} has no build: run \`npm run build\` first`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kindred-lighthouse-'));
  const server = await startKindred({
    name: 'kindred',
    dataDir,
    repoRoot,
    databaseUrl: undefined,
    env: { SEED_DEMO: 'true', WEB_DIST: webDist },
  });
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const cookie = await sessionCookies(server.baseUrl);
    const pages: [string, string, Record<string, string>][] = [
      ['landing', '/', {}],
      ['sign-in', '/login', {}],
      ['dashboard', '/dashboard', { Cookie: cookie }],
    ];
    const report: Record<string, PageReport> = {};
    const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
    if (!Number.isInteger(runs) || runs < 1) throw new Error('LIGHTHOUSE_RUNS must be 1 or more');
    for (const [name, pathname, headers] of pages) {
      const results: PageReport[] = [];
      for (let run = 1; run <= runs; run++) {
        log(`lighthouse: ${name} (${pathname}), run ${run} of ${runs}`);
        results.push(await audit(name, `${server.baseUrl}${pathname}`, chrome.port, headers));
      }
      results.sort((a, b) => (a.performance ?? 0) - (b.performance ?? 0));
      const median = results[Math.floor(results.length / 2)]!;
      report[name] = { ...median, performance_runs: results.map((r) => r.performance) };
    }
    process.stdout.write(
      `${JSON.stringify(
        {
          lighthouse: lighthouseVersion(),
          emulation: 'mobile (Lighthouse default: Moto G Power, slow 4G, 4x CPU slowdown)',
          chromium: chromePath,
          pages: report,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    chrome.kill();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  killAllChildren();
  process.exitCode = 1;
});
