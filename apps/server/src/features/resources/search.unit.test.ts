import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, queryWords, snippetHtml, toTsquery } from './search';

describe('search words', () => {
  it.each([
    ['breathing', [['breathing']], 'breathing:*'],
    ['panic attack', [['panic'], ['attack']], 'panic & attack:*'],
    ['I am s', [['I'], ['am'], ['s']], 'I & am & s'],
    ["calm & (panic) | !x:* 'a'", [['calm'], ['panic'], ['x'], ['a']], 'calm & panic & x & a'],
    ['', [], undefined],
  ])('%j becomes %j, then %j', (q, words, tsquery) => {
    const found = queryWords(q);
    expect(found.map((w) => [w])).toEqual(words);
    expect(toTsquery(found.map((w) => [w]))).toBe(tsquery);
  });

  it('offers alternatives from the typo fallback', () => {
    expect(
      toTsquery([
        ['anxeity', 'anxiety'],
        ['nigth', 'night', 'nights'],
      ]),
    ).toBe('(anxeity | anxiety) & (nigth:* | night | nights)');
  });

  it('keeps at most eight words', () => {
    expect(queryWords('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('snippets', () => {
  it('escapes everything but the highlight', () => {
    expect(snippetHtml('Say \u0001calm\u0002 <b>"now"</b> & breathe')).toBe(
      'Say <mark>calm</mark> &lt;b&gt;&quot;now&quot;&lt;/b&gt; &amp; breathe',
    );
  });
});

describe('cursors', () => {
  it('round-trips its own and refuses anything else', () => {
    const cursor = {
      kind: 'newest',
      at: '2031-01-01T00:00:00.000Z',
      id: '00000000-0000-4000-8000-000000000000',
    } as const;
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ kind: 'offset', offset: 40 }))).toEqual({
      kind: 'offset',
      offset: 40,
    });
    expect(decodeCursor('abc')).toBeUndefined();
    expect(
      decodeCursor(Buffer.from('{"kind":"offset","offset":-1}').toString('base64url')),
    ).toBeUndefined();
  });
});
