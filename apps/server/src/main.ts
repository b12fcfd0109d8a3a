import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirLockedError } from './db/data-dir-lock';

if (process.env.DOTENV !== 'false') {
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone is the configuration.
  }
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

let app;
try {
  app = await buildApp(config);
} catch (error) {
  // Another process has the embedded database: say which, without a stack trace.
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
// A promise some library forgot to handle (a Redis command during an outage, say) must not take
// every open chat down with it: log it and keep serving.
process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled rejection'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app.close().then(() => process.exit(0));
  });
}
await app.listen({ host: config.host, port: config.port });
if (!config.webDist)
  app.log.warn('apps/web/dist not found: serving the API only (run npm run build)');
