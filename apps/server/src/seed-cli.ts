import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { DataDirLockedError } from './db/data-dir-lock';
import { demoUsers, seedDemoUsers, seedResources } from './features/demo';

try {
  process.loadEnvFile();
} catch {
  // No .env file.
}
const config = loadConfig();
let database;
try {
  database = await openDatabase({ ...config, purpose: 'seed' });
} catch (error) {
  if (error instanceof DataDirLockedError) {
    console.error(`Not seeded. ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const created = await seedDemoUsers(database.db);
console.log(`Demo users: ${created} created, ${demoUsers.length - created} already present.`);
const published = await seedResources(database.db, config.dataDir);
console.log(`Starter resources: ${published} published.`);
await database.close();
