import { describe, expect, it } from 'vitest';
import { type CorpusLine, heldOut, heldOutSecond, tuning } from './crisis-corpus';
import { moderateMessage } from './moderation';

/** Recall (risk lines flagged) and false-flag rate (other lines flagged) of one part. */
function score(lines: readonly CorpusLine[]) {
  const flagged = (text: string) => moderateMessage(text).status === 'flagged';
  const positives = lines.filter(([, label]) => label !== 'none');
  const negatives = lines.filter(([, label]) => label === 'none');
  const missed = positives.filter(([text]) => !flagged(text)).map(([text]) => text);
  const falseFlags = negatives.filter(([text]) => flagged(text)).map(([text]) => text);
  return {
    recall: 1 - missed.length / positives.length,
    falseFlagRate: falseFlags.length / negatives.length,
    missed,
    falseFlags,
    sizes: { positives: positives.length, negatives: negatives.length },
  };
}

describe('the crisis corpus', () => {
  it('the tuning part: every risk line flagged, no near-miss flagged', () => {
    const result = score(tuning);
    expect(result.missed).toEqual([]);
    expect(result.falseFlags).toEqual([]);
  });

  it('the held-out part stays above its floors (recall ≥ 0.6, false flags ≤ 0.15)', () => {
    const result = score(heldOut);
    expect(result.recall).toBeGreaterThanOrEqual(0.6);
    expect(result.falseFlagRate).toBeLessThanOrEqual(0.15);
  });

  // Floors at what it scores on today's rules (14/30 found, no false flag; 13/30 when it was
  // written), so a change that loses ground on unseen wording fails here (docs/SAFETY.md).
  it('the second held-out part finds at least 14 of its 30 risk lines and flags no near-miss', () => {
    const result = score(heldOutSecond);
    expect(result.sizes).toEqual({ positives: 30, negatives: 20 });
    expect(result.recall).toBeGreaterThanOrEqual(14 / 30);
    expect(result.falseFlags).toEqual([]);
  });
});

describe('indirect wording says which rule matched', () => {
  it.each([
    ['this is goodbye', 'farewell'],
    ['i wrote a goodbye note', 'goodbye note'],
    ["i won't be around much longer", 'not being around'],
    ['i gave away all my stuff this week', 'giving things away'],
    ['i am just a burden to my family', 'being a burden'],
    ['nobody would miss me', 'not being missed'],
    ['how many pills would it take', 'method'],
    ['the pills are right next to me', 'means at hand'],
    ['i have a plan to end it', 'plan'],
  ])('%s → %s', (text, rule) => {
    expect(moderateMessage(text)).toMatchObject({ status: 'flagged', category: 'self_harm', rule });
  });

  it.each([
    'this commute is murder',
    "I'm dying to see that film",
    'kill the lights',
    'goodbye, see you next week',
    'I have a plan for my essay',
    'the burden of proof is on them',
  ])('%s → approved', (text) => {
    expect(moderateMessage(text)).toEqual({ status: 'approved' });
  });
});
