import { describe, expect, it } from 'vitest';
import { isEmptySeries, layoutBars, niceMax, stackSegments, ticks } from './chart-scale';

describe('niceMax', () => {
  it.each([
    [[], 1],
    [[0, 0], 1],
    [[0.4], 1],
    [[3], 5],
    [[7], 10],
    [[11], 20],
    [[23], 25],
    [[26], 50],
    [[100], 100],
    [[101], 200],
    [[4.6], 5],
    [[Number.NaN, 8], 10],
  ])('%j → %i', (values, expected) => {
    expect(niceMax(values)).toBe(expected);
  });
});

describe('ticks', () => {
  it.each([
    [5, true, [0, 1, 2, 3, 4, 5]],
    [1, true, [0, 1]],
    [2, true, [0, 1, 2]],
    [10, true, [0, 2, 4, 6, 8, 10]],
    [20, true, [0, 4, 8, 12, 16, 20]],
    [25, true, [0, 5, 10, 15, 20, 25]],
    [1, false, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [2.5, false, [0, 0.5, 1, 1.5, 2, 2.5]],
  ])('max %d (whole numbers: %s) → %j', (max, integer, expected) => {
    expect(ticks(max, { integer })).toEqual(expected);
  });
  it('is just zero for an empty axis', () => {
    expect(ticks(0)).toEqual([0]);
  });
});

describe('layoutBars', () => {
  it('fills each slot minus the gap and scales heights to the maximum', () => {
    const bars = layoutBars([0, 5, 10], { width: 300, height: 100, max: 10, gap: 0.2 });
    expect(bars).toEqual([
      { x: 10, y: 100, width: 80, height: 0 },
      { x: 110, y: 50, width: 80, height: 50 },
      { x: 210, y: 0, width: 80, height: 100 },
    ]);
  });
  it('clamps values outside the axis', () => {
    const [bar] = layoutBars([15], { width: 10, height: 100, max: 10, gap: 0 });
    expect(bar).toEqual({ x: 0, y: 0, width: 10, height: 100 });
    const [negative] = layoutBars([-3], { width: 10, height: 100, max: 10, gap: 0 });
    expect(negative?.height).toBe(0);
  });
  it('draws nothing for no values', () => {
    expect(layoutBars([], { width: 10, height: 10, max: 1 })).toEqual([]);
  });
});

describe('stackSegments', () => {
  it('places non-zero parts one after another', () => {
    const parts = [
      { key: 'pending', value: 2 },
      { key: 'resolved', value: 0 },
      { key: 'dismissed', value: 3 },
    ];
    expect(stackSegments(parts, { width: 100, max: 10 })).toEqual([
      { key: 'pending', value: 2, x: 0, width: 20 },
      { key: 'dismissed', value: 3, x: 20, width: 30 },
    ]);
  });
});

describe('isEmptySeries', () => {
  it('is true only when every value is zero', () => {
    expect(isEmptySeries([])).toBe(true);
    expect(isEmptySeries([0, 0])).toBe(true);
    expect(isEmptySeries([0, 1])).toBe(false);
  });
});
