import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort, type ServerProcess, startServer, waitUntilReady } from './processes';

/** A rate limit high enough never to be reached during a run. */
export const NO_LIMIT = '100000000';

export interface KindredNodeOptions {
  /** The node's name in the log. */
  name: string;
  dataDir: string;
  repoRoot: string;
  databaseUrl: string | undefined;
  /** Set: the node writes a CPU profile there when it exits. */
  cpuProfileDir?: string | undefined;
  /** What the section sets on top of the shared environment (limits, secret, Redis, demo data). */
  env: NodeJS.ProcessEnv;
  /** A port already picked (say, to log it first); a free one otherwise. */
  port?: number;
  fdLimit?: number;
}

/** Starts one Kindred node (apps/server/src/main.ts) in production mode and waits until it is ready. */
export async function startKindred(options: KindredNodeOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const profileArgs = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfileDir)}`]
    : [];
  const server = startServer({
    name: options.name,
    args: [...profileArgs, '--import', 'tsx', 'apps/server/src/main.ts'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOTENV: 'false', // a developer's .env must not change what is measured
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: options.dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(36).toString('base64url'),
      RATE_LIMIT_API_PER_MIN: NO_LIMIT,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    cwd: options.repoRoot,
    port,
    fdLimit: options.fdLimit,
  });
  await waitUntilReady(server, '/readyz', 120_000);
  return server;
}
