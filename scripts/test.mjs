#!/usr/bin/env node
// `npm test`: the server suite on PGlite, on PostgreSQL + Redis, and the browser tests in Chromium.
// With CI=true every part is required; elsewhere a part whose service is missing is skipped with a
// notice that says how to get it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

if (projects.includes('e2e')) run('npm', ['run', 'build']);
const extra = process.argv.slice(2);
run('npx', ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...extra]);
