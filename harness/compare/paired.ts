/**
 * Paired differences between `--versions` variants: the runs of two variants of one cell made in
 * the same round (interleaved, A B then B A) are pairs, so drift and machine noise hit both alike
 * and cancel in their difference. Each difference gets a 95 % confidence interval.
 *
 * Method, and why: for a figure that is a size or a time (peak RSS, peak heap, wall time) the
 * pair's log ratio ln(B/A), its mean and a Student t interval, turned back into a relative
 * difference (exp(·) − 1). Ratios are what a reader asks ("12 % more memory"), logs make them
 * symmetric (×2 and ×½ are equally far), and the t interval is exact for normal log ratios and
 * close for the few pairs a 2-core machine can afford — where a bootstrap, which needs many
 * more pairs than the 5–10 a nightly job runs, would be too narrow. For retained memory, which
 * can be zero or negative, the difference in bytes with the same t interval. Pure functions.
 */
import type { RunResult } from '../results.js';

/** Two-sided 95 % quantiles of Student's t, by degrees of freedom (1–30, then 40, 60, 120). */
const T_975: Record<number, number> = {
  1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
  11: 2.201, 12: 2.179, 13: 2.16, 14: 2.145, 15: 2.131, 16: 2.12, 17: 2.11, 18: 2.101, 19: 2.093, 20: 2.086,
  21: 2.08, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.06, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042,
  40: 2.021, 60: 2, 120: 1.98,
};

/** t_{0.975, df}: from the table, the next smaller tabulated df above 30 (conservative), 1.96 beyond 120. */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T_975[Math.floor(df)]!;
  if (df < 40) return T_975[30]!;
  if (df < 60) return T_975[40]!;
  if (df < 120) return T_975[60]!;
  return df === 120 ? T_975[120]! : 1.96;
}

/** A mean with its 95 % interval, over n values. */
export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** Mean and 95 % t interval of `values`; null with fewer than two. */
export function meanInterval(values: readonly number[]): MeanInterval | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const margin = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - margin, high: mean + margin, n };
}

/** The figures a difference is given for. */
export const PAIRED_METRICS = ['peakRssBytes', 'peakHeapUsedBytes', 'wallMs', 'retainedBytes'] as const;
export type PairedMetric = (typeof PAIRED_METRICS)[number];

/** One difference between two variants of one cell. */
export interface PairedDifference {
  metric: PairedMetric;
  /**
   * `relative`: B against A as a fraction (0.124 is 12.4 % more), from the mean log ratio;
   * `bytes`: B minus A (retained memory).
   */
  kind: 'relative' | 'bytes';
  /** The estimate and its 95 % interval, in `kind`'s unit. */
  estimate: number;
  low: number;
  high: number;
  /** Pairs it rests on. */
  pairs: number;
  /** `higher`/`lower`: the interval excludes zero; `same`: within the tolerance; `unresolved`: neither. */
  verdict: 'higher' | 'lower' | 'same' | 'unresolved';
}

/**
 * Pairs of ok runs of A and B made in the same round (same repeat number), for one metric; a
 * pair with a figure missing (or not positive, for a ratio) is left out.
 */
export function pairsOf(a: readonly RunResult[], b: readonly RunResult[], metric: PairedMetric): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const left of a) {
    const right = b.find((run) => run.repeat === left.repeat && run.tableRows === left.tableRows);
    if (!right || left.status !== 'ok' || right.status !== 'ok') continue;
    const x = left[metric];
    const y = right[metric];
    if (x === null || y === null || x === undefined || y === undefined) continue;
    if (metric !== 'retainedBytes' && (x <= 0 || y <= 0)) continue;
    pairs.push([x, y]);
  }
  return pairs;
}

/**
 * The difference of B against A over `pairs`; null with fewer than two pairs. `tolerance` (a
 * fraction for relative metrics, bytes for retained) makes an interval wholly inside ±tolerance
 * `same`.
 */
export function pairedDifference(metric: PairedMetric, pairs: ReadonlyArray<readonly [number, number]>, tolerance = 0): PairedDifference | null {
  const relative = metric !== 'retainedBytes';
  const interval = meanInterval(pairs.map(([a, b]) => (relative ? Math.log(b / a) : b - a)));
  if (interval === null) return null;
  const toUnit = relative ? (value: number) => Math.exp(value) - 1 : (value: number) => value;
  const estimate = toUnit(interval.mean);
  const low = toUnit(interval.low);
  const high = toUnit(interval.high);
  const verdict = low > 0 ? 'higher' : high < 0 ? 'lower' : tolerance > 0 && low >= -tolerance && high <= tolerance ? 'same' : 'unresolved';
  return { metric, kind: relative ? 'relative' : 'bytes', estimate, low, high, pairs: interval.n, verdict };
}
