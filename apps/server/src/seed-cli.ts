import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { demoUsers, seedDemoUsers } from './features/demo';

try {
  process.loadEnvFile();
} catch {
  // No .env file.
}
const config = loadConfig();
const database = await openDatabase(config);
const created = await seedDemoUsers(database.db);
console.log(`Demo users: ${created} created, ${demoUsers.length - created} already present.`);
await database.close();
