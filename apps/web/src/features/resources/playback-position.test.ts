import { describe, expect, it } from 'vitest';
import {
  formatClock,
  type PositionStorage,
  readPosition,
  writePosition,
} from './playback-position';
import { memoryStorage } from '../../lib/memory-storage';

describe('remembered playback position', () => {
  it('gives back where the person stopped', () => {
    const storage = memoryStorage();
    writePosition(storage, 'k', 93.7, 600);
    expect(readPosition(storage, 'k', 600)).toBe(93);
  });

  it('starts from the beginning when nothing, or nothing readable, is stored', () => {
    const storage = memoryStorage();
    expect(readPosition(storage, 'k', 600)).toBeNull();
    storage.setItem('k', 'not json');
    expect(readPosition(storage, 'k', 600)).toBeNull();
    storage.setItem('k', JSON.stringify({ seconds: 'ten' }));
    expect(readPosition(storage, 'k', 600)).toBeNull();
  });

  it.each([
    ['the first seconds', 3, 600],
    ['the last seconds (finished)', 598, 600],
  ])('forgets a position in %s', (_, seconds, duration) => {
    const storage = memoryStorage();
    writePosition(storage, 'k', 120, duration);
    writePosition(storage, 'k', seconds, duration);
    expect(storage.data.has('k')).toBe(false);
    expect(readPosition(storage, 'k', duration)).toBeNull();
  });

  it('does not resume past the end of a file that turned out shorter', () => {
    const storage = memoryStorage();
    writePosition(storage, 'k', 300, null);
    expect(readPosition(storage, 'k', null)).toBe(300);
    expect(readPosition(storage, 'k', 200)).toBeNull();
  });

  it('keeps playing when storage refuses to write', () => {
    const storage: PositionStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(() => writePosition(storage, 'k', 100, 600)).not.toThrow();
    expect(readPosition(storage, 'k', 600)).toBeNull();
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [5.9, '0:05'],
    [65, '1:05'],
    [3723, '1:02:03'],
  ])('%s s reads %s', (seconds, text) => expect(formatClock(seconds)).toBe(text));
});
