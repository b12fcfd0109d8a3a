#!/usr/bin/env node
// `npm test`: the server suite on PGlite, on PostgreSQL + Redis, and the browser tests in Chromium.
// With CI=true every part is required; elsewhere a part whose service is missing is skipped with a
// notice that says how to get it.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ci = process.env.CI === 'true';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const projects = ['server-pglite', 'web'];
const missing = [];

if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) projects.push('server-postgres');
else
  missing.push(
    'PostgreSQL + Redis: TEST_DATABASE_URL and TEST_REDIS_URL are not set.\n' +
      '    Install them with `sudo bash scripts/install-system-deps.sh`, then start both on loopback\n' +
      '    with `source scripts/start-services.sh` (it exports the two variables). See docs/SETUP.md.',
  );

if (existsSync(chromium)) projects.push('e2e');
else
  missing.push(
    `Chromium: ${chromium} not found.\n` +
      '    Install it with `sudo bash scripts/install-system-deps.sh` (Debian package `chromium`),\n' +
      '    or set CHROMIUM_PATH to a Chromium binary.',
  );

if (missing.length > 0) {
  const text = missing.map((m) => `  - ${m}`).join('\n');
  if (ci) {
    console.error(`\nCI=true and these test services are missing:\n${text}\n`);
    process.exit(1);
  }
  console.warn(`\nSkipping parts of the suite (they run in CI):\n${text}\n`);
}

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const vitestArgs = (names, extra) => [
  'vitest',
  'run',
  ...names.flatMap((p) => ['--project', p]),
  ...extra,
];

if (projects.includes('e2e')) run('npm', ['run', 'build']);
const extra = process.argv.slice(2);

// Vitest runs a project that keeps its files one at a time (the browser tests) only after every
// other file has finished, so on a 2-core machine one core would sit idle for ten minutes. When
// the whole suite runs, the browser tests run in a second Vitest process beside the server tests;
// their report is kept in a file and printed when both are done. Arguments (a file filter, a
// reporter) go to one Vitest run as before.
if (!projects.includes('e2e') || extra.length > 0) {
  run('npx', vitestArgs(projects, extra));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-tests-'));
  const report = join(dir, 'e2e.log');
  const out = openSync(report, 'w');
  console.log(
    `Browser tests run beside the server tests; their report follows at the end (${report}).`,
  );
  // Each run also writes what failed, and what passed only on a retry (CI retries a failed
  // test once), so both runs' outcomes can be listed together at the end, where a reader looks.
  const outcome = (name) => ({ KINDRED_OUTCOME_FILE: join(dir, `${name}.json`) });
  const reporters = ['--reporter=default', '--reporter=./scripts/outcome-reporter.mjs'];
  const finished = (child) => new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
  const browser = finished(
    spawn('npx', vitestArgs(['e2e'], reporters), {
      stdio: ['ignore', out, out],
      env: { ...process.env, FORCE_COLOR: '1', ...outcome('browser') },
    }),
  );
  const serverProjects = projects.filter((p) => p !== 'e2e');
  const rest = await finished(
    spawn('npx', vitestArgs(serverProjects, reporters), {
      stdio: 'inherit',
      env: { ...process.env, ...outcome('server') },
    }),
  );
  const e2e = await browser;
  closeSync(out);
  console.log('\n==== Browser tests (Chromium) ====\n');
  console.log(readFileSync(report, 'utf8'));
  const outcomes = summary(dir, ['server', 'browser']);
  if (outcomes) console.error(`\n==== Failed, or passed only when run again ====\n${outcomes}`);
  if (rest !== 0 || e2e !== 0) {
    console.error(
      `Tests failed: server and web ${rest === 0 ? 'passed' : `exit ${rest}`}, browser ${e2e === 0 ? 'passed' : `exit ${e2e}`}.`,
    );
    process.exit(1);
  }
}

/** The failed tests and files of the named runs, and those that passed only on a retry. */
function summary(dir, names) {
  const lines = [];
  // Each distinct error (a retried test repeats its error): its message, up to 40 lines (a
  // browser step's report of where its pages were is a long one), and its first stack frame.
  const excerpt = (texts) =>
    [...new Set(texts)]
      .flatMap((text) => {
        const lines = text.split('\n').filter((line) => !line.includes('node_modules'));
        const frame = lines.findIndex((line) => /^\s+at /.test(line));
        const message = frame === -1 ? lines : lines.slice(0, frame);
        return [...message.slice(0, 40), ...(frame === -1 ? [] : [lines[frame]])];
      })
      .map((line) => `      ${line}`)
      .join('\n');
  for (const name of names) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) {
      lines.push(`${name}: no outcome written (the run stopped before its end)`);
      continue;
    }
    const { failed, retried, moduleErrors } = JSON.parse(readFileSync(file, 'utf8'));
    for (const m of moduleErrors) lines.push(`✗ [${m.project}] ${m.file}`, excerpt(m.errors));
    for (const t of failed) lines.push(`✗ [${t.project}] ${t.file} > ${t.name}`, excerpt(t.errors));
    for (const t of retried) {
      lines.push(`↻ [${t.project}] ${t.file} > ${t.name}: passed after ${t.retries} retry`);
      if (t.errors?.length) lines.push(excerpt(t.errors));
    }
  }
  return lines.join('\n');
}
