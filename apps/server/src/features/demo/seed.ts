import type { Db } from '../../db/client';
import type { NewUserRow } from '../../db/schema';
import { fileURLToPath } from 'node:url';
import * as usersRepo from '../identity';
import { hashPassword } from '../identity';
import { seedStarterResources } from '../resources';
import { starterResources } from './starter-resources';

type DemoUser = Omit<NewUserRow, 'passwordHash'> & { password: string };

/**
 * The listening contract's "Data Seeding Script": the five test users, with the seed's passwords.
 */
export const demoUsers: DemoUser[] = [
  {
    email: 'admin@example.com',
    password: 'Admin123!',
    pseudonym: 'AdminUser',
    roles: ['sharer'],
    isAdmin: true,
  },
  {
    email: 'sharer@example.com',
    password: 'Sharer123!',
    pseudonym: 'TestSharer',
    roles: ['sharer'],
    languages: ['English'],
  },
  {
    email: 'listener1@example.com',
    password: 'Listener123!',
    pseudonym: 'CaringListener',
    roles: ['listener'],
    bio: 'Here to help with anxiety and stress.',
    languages: ['English'],
    listenerTopics: ['anxiety', 'stress', 'depression'],
    listenerAvailability: 'available',
    listenerRating: 4.8,
  },
  {
    email: 'listener2@example.com',
    password: 'Listener123!',
    pseudonym: 'EmpathyFirst',
    roles: ['listener'],
    bio: 'Always ready to listen.',
    languages: ['English'],
    listenerTopics: ['relationships', 'loneliness'],
    listenerAvailability: 'available',
    listenerRating: 4.5,
  },
  {
    email: 'both@example.com',
    password: 'Both123!',
    pseudonym: 'FlexibleHelper',
    roles: ['sharer', 'listener'],
    languages: ['English'],
  },
];

/** Creates each demo user that does not exist yet; returns how many were created. */
export async function seedDemoUsers(db: Db): Promise<number> {
  let created = 0;
  for (const { password, ...user } of demoUsers) {
    if (await usersRepo.findUserByEmail(db, user.email)) continue;
    // Two nodes starting on one empty database may both seed: the loser's insert is a no-op.
    const inserted = await usersRepo.insertUserIfAbsent(db, {
      ...user,
      // Demo listeners are ready to listen: approved, with the guidelines accepted.
      ...(user.roles.includes('listener')
        ? { listenerStatus: 'approved' as const, guidelinesAcceptedAt: new Date() }
        : {}),
      passwordHash: await hashPassword(password),
    });
    if (inserted) created++;
  }
  return created;
}

/** Files shipped with the app for the starter library (a spoken exercise). */
const assetsDir = fileURLToPath(new URL('../../../assets/resources', import.meta.url));

/** Publishes the starter library (the team's articles, audio and links) where missing. */
export async function seedResources(db: Db, dataDir: string): Promise<number> {
  const admin = await usersRepo.findUserByEmail(db, demoUsers[0]!.email);
  return seedStarterResources(db, {
    dataDir,
    assetsDir,
    authorId: admin?.id ?? null,
    items: starterResources,
  });
}

/**
 * On first start (no users at all) the demo users are created, and the starter library with
 * them when a data folder is given, so the app can be tried at once.
 */
export async function seedIfEmpty(db: Db, options: { dataDir?: string } = {}): Promise<number> {
  if ((await usersRepo.countUsers(db)) > 0) return 0;
  const created = await seedDemoUsers(db);
  if (options.dataDir) await seedResources(db, options.dataDir);
  return created;
}
