import { useState } from 'react';
import { errorMessage } from './api-error';

/**
 * The state of a button's request: `run` clears the last error, marks the action pending while it
 * runs (`key` tells which of several, e.g. accept or decline) and keeps the error's message if it
 * throws.
 */
export function useAsyncAction<Key = never>() {
  const [pending, setPending] = useState<Key | true | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>, key: Key | true = true) {
    setPending(key);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(null);
    }
  }

  return { busy: pending !== null, pending, error, setError, run };
}
