import { createHash, randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { errors } from '../../lib/errors';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = 'kindred';
const AUDIENCE = 'kindred';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccessClaims {
  userId: string;
  isAdmin: boolean;
  /** The sign-in the request comes from (its devices list marks it as the current one). */
  familyId?: string | undefined;
}

/** What a verified access token says, with when it was issued and expires (ms since the epoch). */
export interface VerifiedClaims extends AccessClaims {
  issuedAtMs: number;
  expiresAtMs: number;
}

/** How many verified access tokens each node remembers (about 3 MB at most). */
export const VERIFIED_TOKENS_CACHED = 10_000;

/**
 * Signs and verifies the short-lived access JWT (HS256 only: `alg: none` and others are refused).
 *
 * A token that verified is remembered by its exact text, so the next request with it skips the
 * signature and claims checks (a third of what a simple request cost) and only its expiry is
 * checked again. Nothing goes stale: what a token says cannot change, and whether it was revoked
 * is asked of `Revocations` on every request, after this. Only tokens that verified are kept, at
 * most VERIFIED_TOKENS_CACHED of them (the oldest go first), each until it expires.
 */
export function createTokenSigner(secret: string, now: () => Date) {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, VerifiedClaims>();

  function remember(token: string, claims: VerifiedClaims) {
    if (verified.size >= VERIFIED_TOKENS_CACHED) {
      // Expired ones first; if none, the oldest (a Map iterates in insertion order).
      const at = now().getTime();
      for (const [cached, { expiresAtMs }] of verified) {
        if (expiresAtMs <= at) verified.delete(cached);
      }
      if (verified.size >= VERIFIED_TOKENS_CACHED) {
        verified.delete(verified.keys().next().value as string);
      }
    }
    verified.set(token, claims);
  }

  async function verifyAccess(token: string): Promise<VerifiedClaims> {
    const known = verified.get(token);
    if (known) {
      // jose's rule: expired once the current whole second reaches `exp`.
      if (Math.floor(now().getTime() / 1000) * 1000 >= known.expiresAtMs) {
        verified.delete(token);
        throw errors.tokenExpired();
      }
      return known;
    }
    const claims = await verifyAccessAnew(token);
    remember(token, claims);
    return claims;
  }

  return {
    async signAccess(claims: AccessClaims & { familyId?: string }): Promise<string> {
      const issuedAtMs = now().getTime();
      const iat = Math.floor(issuedAtMs / 1000);
      // `iat` has whole seconds; `iat_ms` lets a sign-in just after a ban (same second) work.
      return new SignJWT({
        adm: claims.isAdmin,
        iat_ms: issuedAtMs,
        ...(claims.familyId ? { fam: claims.familyId } : {}),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
        .sign(key);
    },
    verifyAccess,
  };

  async function verifyAccessAnew(token: string): Promise<VerifiedClaims> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: now(),
        // A token that never expires is not one of ours.
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) throw errors.invalidToken();
      if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') {
        throw errors.invalidToken();
      }
      const fam = payload.fam;
      if (fam !== undefined && (typeof fam !== 'string' || !UUID.test(fam))) {
        throw errors.invalidToken();
      }
      // Within the same second as `iat`, or the token is not one of ours.
      const iatMs = payload.iat_ms;
      const issuedAtMs =
        typeof iatMs === 'number' && Math.floor(iatMs / 1000) === payload.iat
          ? iatMs
          : payload.iat * 1000;
      return {
        userId: payload.sub,
        isAdmin: payload.adm === true,
        issuedAtMs,
        expiresAtMs: payload.exp * 1000,
        familyId: fam,
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw errors.tokenExpired();
      throw errors.invalidToken();
    }
  }
}
export type TokenSigner = ReturnType<typeof createTokenSigner>;

/** A new opaque refresh token: 256 random bits. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Refresh tokens are stored only as this hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
