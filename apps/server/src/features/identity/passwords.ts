import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import argon2 from 'argon2';
import { errors } from '../../lib/errors';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const options = { type: argon2.argon2id as 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

/** A hash of nothing in particular, verified when the email is unknown so timing does not tell. */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('not-a-real-password-0');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

/** Below this zxcvbn score (0–4) a password is refused: 0 and 1 fall to an online guesser. */
export const MIN_PASSWORD_SCORE = 2;

let strength: Promise<ZxcvbnFactory> | undefined;
/** zxcvbn-ts with its common-password, name and English word lists, loaded on first use. */
function estimator(): Promise<ZxcvbnFactory> {
  strength ??= Promise.all([
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([common, en]) =>
      new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return strength;
}

/**
 * Refuses passwords found in breach-derived common-password lists or otherwise easy to guess
 * (`Password1`, `Qwerty123`, the user's own e-mail or pseudonym): WEAK_PASSWORD, with zxcvbn's
 * reason.
 */
export async function assertStrongPassword(password: string, userInputs: string[]): Promise<void> {
  const result = (await estimator()).check(password, userInputs);
  if (result.score < MIN_PASSWORD_SCORE) {
    throw errors.weakPassword(result.feedback.warning ?? undefined);
  }
}
