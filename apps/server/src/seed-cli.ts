import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { seedDemoUsers } from './features/demo/seed';

try {
  process.loadEnvFile();
} catch {
  // No .env file.
}
const config = loadConfig();
const database = await openDatabase(config);
const created = await seedDemoUsers(database.db);
console.log(`Demo users: ${created} created, ${5 - created} already present.`);
await database.close();
