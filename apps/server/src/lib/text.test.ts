import { describe, expect, it } from 'vitest';
import { hasUnstorableText } from './text';

describe('hasUnstorableText', () => {
  it.each([
    ['plain text', 'hello', false],
    ['emoji (a whole surrogate pair)', 'hi 🙂 👩‍👩‍👧', false],
    ['other scripts', '你好 ﷺ é', false],
    ['a NUL', 'a\u0000b', true],
    ['a lone high surrogate', 'a\ud83d', true],
    ['a lone low surrogate', '\ude42b', true],
    ['deep inside an object', { a: [{ b: ['ok', 'x\u0000'] }] }, true],
    ['in a key', { ['k\u0000']: 1 }, true],
    ['numbers, nulls, booleans', [1, null, true, { a: 2 }], false],
  ])('%s → %s', (_name, value, expected) => {
    expect(hasUnstorableText(value)).toBe(expected);
  });
});
