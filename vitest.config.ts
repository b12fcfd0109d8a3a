import { defineConfig } from 'vitest/config';

const serverSuite = {
  include: [
    'apps/server/src/**/*.test.ts',
    'apps/server/test/**/*.test.ts',
    'packages/**/*.test.ts',
  ],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // In CI a failed test runs once more before it fails the build: the server and browser
  // tests share two cores there, which stretches timings. `npm test` lists every test that
  // needed the second run at the end of its output, so a flaky test is seen and fixed, not hidden.
  retry: process.env.CI === 'true' ? 1 : 0,
  // News that arrives a moment after a request (a notification row, a queue's state) is polled
  // for; Vitest's default second is short on two busy cores, and a poll that succeeds returns at
  // once, so only a failing one waits this long.
  expect: { poll: { timeout: 10_000 } },
};

/** One suite, two databases: the same server tests run on PGlite and on PostgreSQL + Redis. */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores (one worker on a 2-core CI machine); the
    // server tests mostly wait on sockets, timers and the database, so two share the cores well.
    maxWorkers: 2,
    projects: [
      { test: { ...serverSuite, name: 'server-pglite', env: { KINDRED_TEST_DB: 'pglite' } } },
      { test: { ...serverSuite, name: 'server-postgres', env: { KINDRED_TEST_DB: 'postgres' } } },
      {
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.ts', 'apps/web/build/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // As for the server tests: polls wait up to 10 s (what a page shows after the server did
          // something), and in CI a failed step runs once more and is listed if it needed to.
          expect: serverSuite.expect,
          retry: serverSuite.retry,
        },
      },
    ],
  },
});
