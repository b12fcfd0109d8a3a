import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorCodes } from './errors';

describe('errorCatalogue', () => {
  it.each(errorCodes)('%s has an error status and a message', (code) => {
    const entry = errorCatalogue[code];
    expect(entry).toBeDefined();
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    expect(entry.message.trim()).not.toBe('');
  });

  it('holds no code that is missing from the list', () => {
    expect(Object.keys(errorCatalogue).sort()).toEqual([...errorCodes].sort());
  });
});
