import { randomBytes } from 'node:crypto';

/** POSTs JSON and returns the status with the parsed body (or the raw text when it is not JSON). */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error message.
  }
  return { status: response.status, json };
}

const BENCH_PASSWORD = 'Bench-Password-9';

/**
 * One sharer, registered and signed in over HTTP like a person would (`bench-<name>-…` e-mail);
 * answers the access token.
 */
export async function signUpSharer(baseUrl: string, name: string): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const email = `bench-${name}-${tag}@example.org`;
  const registered = await postJson(`${baseUrl}/api/v1/auth/register`, {
    email,
    password: BENCH_PASSWORD,
    pseudonym: `${name[0]!.toUpperCase()}${tag}`,
    roles: ['sharer'],
    age_confirmed: true,
  });
  if (registered.status !== 201) {
    throw new Error(`register: HTTP ${registered.status} ${JSON.stringify(registered.json)}`);
  }
  const login = await postJson(`${baseUrl}/api/v1/auth/login`, { email, password: BENCH_PASSWORD });
  const token = (login.json as { access_token?: string }).access_token;
  if (login.status !== 200 || !token) {
    throw new Error(`login: HTTP ${login.status} ${JSON.stringify(login.json)}`);
  }
  return token;
}
