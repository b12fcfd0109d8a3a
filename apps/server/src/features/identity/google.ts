import { createRemoteJWKSet, jwtVerify } from 'jose';
import { errors } from '../../lib/errors';

export interface GoogleIdentity {
  sub: string;
  email: string;
  name: string | undefined;
}

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

/**
 * Verifies Google ID tokens: signature against the JWKS (fetched and cached by jose),
 * audience, issuer and expiry. Undefined when Google sign-in is not configured.
 */
export function createGoogleVerifier(options: {
  clientId: string | undefined;
  jwksUrl: string;
  now: () => Date;
}) {
  const { clientId, jwksUrl, now } = options;
  if (!clientId) return undefined;
  const jwks = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000 });
  return async function verifyGoogleCredential(credential: string): Promise<GoogleIdentity> {
    try {
      const { payload } = await jwtVerify(credential, jwks, {
        issuer: GOOGLE_ISSUERS,
        audience: clientId,
        algorithms: ['RS256'],
        currentDate: now(),
      });
      const { sub, email, email_verified: verified, name } = payload as Record<string, unknown>;
      // Only a Google-verified address may sign in (and so be linked to an account with the same
      // e-mail): a missing claim or the string "false" is not verified.
      if (typeof sub !== 'string' || typeof email !== 'string' || verified !== true) {
        throw new Error('token lacks a verified email');
      }
      return { sub, email: email.toLowerCase(), name: typeof name === 'string' ? name : undefined };
    } catch {
      throw errors.googleTokenInvalid();
    }
  };
}
export type GoogleVerifier = NonNullable<ReturnType<typeof createGoogleVerifier>>;

/** A pseudonym candidate from a display name: letters, digits, underscores, 3–20 characters. */
export function pseudonymBase(name: string | undefined): string {
  const cleaned = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]/g, '')
    .slice(0, 15);
  return cleaned.length >= 3 ? cleaned : `Kind${cleaned}`;
}
