/** Pure geometry for the dashboard's SVG charts (no DOM, unit-tested). */

/**
 * The top of a value axis: the smallest "nice" number (1, 2, 2.5, 5 or 10 × a power of ten) at or
 * above the largest value, so gridlines fall on round numbers. Never below 1, so an all-zero
 * series still draws an axis.
 */
export function niceMax(values: readonly number[]): number {
  const largest = Math.max(0, ...values.filter(Number.isFinite));
  if (largest <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= largest) return step * power;
  }
  return 10 * power;
}

/**
 * Gridline values from 0 to `max` inclusive, on round steps. For counts (`integer`) every step is
 * a whole number, so an axis up to 5 reads 0 1 2 3 4 5 rather than 0 1.25 2.5 …
 */
export function ticks(max: number, { integer = false }: { integer?: boolean } = {}): number[] {
  if (max <= 0) return [0];
  const intervals =
    integer && max <= 5
      ? Math.max(1, Math.round(max))
      : ([5, 4, 2].find((n) => !integer || Number.isInteger(max / n)) ?? 1);
  return Array.from({ length: intervals + 1 }, (_, i) =>
    Number(((max * i) / intervals).toFixed(6)),
  );
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Lays out one bar per value in a plot area `width`×`height` with `gap` (a fraction of each slot)
 * left empty between bars; y grows downwards as in SVG.
 */
export function layoutBars(
  values: readonly number[],
  { width, height, max, gap = 0.2 }: { width: number; height: number; max: number; gap?: number },
): Bar[] {
  if (values.length === 0) return [];
  const slot = width / values.length;
  const barWidth = slot * (1 - gap);
  return values.map((value, i) => {
    const clamped = Math.max(0, Math.min(value, max));
    const barHeight = max > 0 ? (clamped / max) * height : 0;
    return {
      x: i * slot + (slot - barWidth) / 2,
      y: height - barHeight,
      width: barWidth,
      height: barHeight,
    };
  });
}

export interface Segment<K extends string> {
  key: K;
  value: number;
  x: number;
  width: number;
}

/** Splits a horizontal stacked bar of `width` (for `max`) into one segment per non-zero part. */
export function stackSegments<K extends string>(
  parts: readonly { key: K; value: number }[],
  { width, max }: { width: number; max: number },
): Segment<K>[] {
  let x = 0;
  const segments: Segment<K>[] = [];
  for (const { key, value } of parts) {
    if (value <= 0 || max <= 0) continue;
    const segmentWidth = (value / max) * width;
    segments.push({ key, value, x, width: segmentWidth });
    x += segmentWidth;
  }
  return segments;
}

/** True when a series has nothing to draw (every value zero, or no values). */
export function isEmptySeries(values: readonly number[]): boolean {
  return values.every((value) => value === 0);
}
