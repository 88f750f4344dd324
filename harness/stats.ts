import { max, median, min } from 'simple-statistics';

/** Summary of a handful of repeated measurements. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  count: number;
}

/** Median, min and max of the finite values, or null when there are none. */
export function spreadOf(values: ReadonlyArray<number | null | undefined>): Spread | null {
  const finite = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (finite.length === 0) return null;
  return { median: median(finite), min: min(finite), max: max(finite), count: finite.length };
}

/** (head - base) / base, or null when base is zero or either side is missing. */
export function relativeChange(base: number | null, head: number | null): number | null {
  if (base === null || head === null || base === 0) return null;
  return (head - base) / base;
}

/** True when the two ranges [min, max] overlap: the difference is inside the noise of the repeats. */
export function rangesOverlap(a: Spread, b: Spread): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/** Rows per second, or null for a zero duration. */
export function rowsPerSecond(rows: number, durationMs: number | null): number | null {
  if (durationMs === null || durationMs <= 0) return null;
  return (rows * 1000) / durationMs;
}
