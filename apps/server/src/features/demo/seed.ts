import type { Db } from '../../db/client';
import type { NewUserRow } from '../../db/schema';
import * as usersRepo from '../identity';
import { hashPassword } from '../identity';

type DemoUser = Omit<NewUserRow, 'passwordHash'> & { password: string };

/** Seed 000 "Data Seeding Script": the five test users, with the seed's passwords. */
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

/** On first start (no users at all) the demo users are created, so the app can be tried at once. */
export async function seedIfEmpty(db: Db): Promise<number> {
  return (await usersRepo.countUsers(db)) === 0 ? seedDemoUsers(db) : 0;
}
