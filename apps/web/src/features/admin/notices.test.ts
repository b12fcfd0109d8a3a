import { describe, expect, it } from 'vitest';
import { addNotice } from './notices';

const notice = (id: string) => ({
  id,
  kind: 'warning' as const,
  message: `notice ${id}`,
  created_at: '2026-11-22T12:00:00.000Z',
});

describe('addNotice', () => {
  const a = notice('7f8f1b0e-4b0b-4c53-9d35-1d1f8e0a0001');
  const b = notice('7f8f1b0e-4b0b-4c53-9d35-1d1f8e0a0002');
  it('appends a new notice', () => {
    expect(addNotice([a], b)).toEqual([a, b]);
    expect(addNotice(undefined, a)).toEqual([a]);
  });
  it('ignores one already shown (the socket and the list can both bring it)', () => {
    expect(addNotice([a, b], a)).toEqual([a, b]);
  });
});
