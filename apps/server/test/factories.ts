import { randomBytes } from 'node:crypto';
import type { LoginResponse, RegisterBody } from '@kindred/protocol';
import type { KindredApp } from '../src/app';
import { setUser, storeConversation } from './rows';

export const PASSWORD = 'Correct-Horse-9';

let counter = 0;
/** Registration data no other test shares. */
export function newUserData(overrides: Partial<RegisterBody> = {}): RegisterBody {
  counter++;
  const tag = `${randomBytes(3).toString('hex')}${counter}`;
  return {
    email: `user${tag}@example.org`,
    password: PASSWORD,
    pseudonym: `User_${tag}`,
    roles: ['sharer'],
    age_confirmed: true,
    ...overrides,
  };
}

export interface SignedInUser {
  id: string;
  email: string;
  pseudonym: string;
  login: LoginResponse;
  /** Headers that authenticate as this user. */
  headers: { authorization: string };
}

/**
 * Registers through the API and signs in, as a person would. Listeners are approved (as demo
 * listeners are) unless `listenerStatus` says otherwise.
 */
export async function signUp(
  app: KindredApp,
  overrides: Partial<RegisterBody> & {
    realName?: string;
    isAdmin?: boolean;
    /** false: the address stays unconfirmed (by default it is confirmed, as after its link). */
    verified?: boolean;
    listenerStatus?: 'none' | 'pending' | 'approved' | 'rejected' | 'suspended';
  } = {},
): Promise<SignedInUser> {
  const { realName, isAdmin, listenerStatus, verified = true, ...body } = overrides;
  const data = newUserData(body);
  const registered = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: data,
  });
  if (registered.statusCode !== 201) throw new Error(`register failed: ${registered.body}`);
  const id = registered.json().user.id as string;
  if (realName !== undefined || isAdmin !== undefined) {
    await setUser(app, id, { realName, isAdmin });
  }
  if (verified) await setUser(app, id, { emailVerifiedAt: new Date() });
  const status = listenerStatus ?? (data.roles.includes('listener') ? 'approved' : undefined);
  if (status) await setUser(app, id, { listenerStatus: status });
  const login = await logIn(app, data);
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const body2 = login.json() as LoginResponse;
  return {
    id,
    email: data.email.toLowerCase(),
    pseudonym: data.pseudonym,
    login: body2,
    headers: { authorization: `Bearer ${body2.access_token}` },
  };
}

/** POST /auth/login with the user's email and password (PASSWORD unless given): the response. */
export function logIn(app: KindredApp, user: { email: string; password?: string }) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password ?? PASSWORD },
  });
}

/**
 * Signs each user in again, in place (new tokens and headers): after the test clock moved past
 * their access token's 15 minutes, or after a ban was lifted.
 */
export async function signInAgain(app: KindredApp, ...people: SignedInUser[]): Promise<void> {
  for (const user of people) {
    const response = await logIn(app, user);
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    user.login = response.json() as LoginResponse;
    user.headers = { authorization: `Bearer ${user.login.access_token}` };
  }
}

/** Cookies from a response as a `cookie` request header value. */
export function cookieHeader(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A conversation between the given users, as the matching or booking features would create it. */
export async function createConversation(
  app: KindredApp,
  options: {
    kind?: 'listening' | 'direct' | 'appointment' | 'support';
    members: { id: string; role?: string }[];
    topic?: string;
    startedAt?: Date;
    expiresAt?: Date | null;
  },
): Promise<{ id: string }> {
  const kind = options.kind ?? 'listening';
  const startedAt = options.startedAt ?? new Date();
  const expiresAt =
    options.expiresAt !== undefined
      ? options.expiresAt
      : kind === 'listening'
        ? new Date(startedAt.getTime() + 24 * 3600 * 1000)
        : null;
  return storeConversation(app, {
    kind,
    topic: options.topic ?? null,
    startedAt,
    expiresAt,
    members: options.members.map((m, i) => ({
      userId: m.id,
      role: m.role ?? (kind === 'listening' ? (i === 0 ? 'sharer' : 'listener') : 'member'),
    })),
  });
}

/** Who calls, how, where (below /api/v1), with what. */
export type ApiCall = [
  user: SignedInUser,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  payload?: unknown,
];

/** Calls the API as this user. */
export function callApi(app: KindredApp, ...[user, method, path, payload]: ApiCall) {
  return app.inject({
    method,
    url: `/api/v1${path}`,
    headers: user.headers,
    payload: payload as object,
  });
}

/** POSTs a multipart body (see multipart.ts) to a path below /api/v1 as this user. */
export function postForm(
  app: KindredApp,
  user: SignedInUser,
  path: string,
  form: { payload: Buffer; headers: Record<string, string> },
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1${path}`,
    payload: form.payload,
    headers: { ...form.headers, ...user.headers },
  });
}
