import type { GrowthClass, RunStatus, ScenarioId } from '../results.js';
import type { Spread } from '../stats.js';

export const VERDICTS = ['regressed', 'improved', 'unchanged', 'new', 'gone', 'not comparable'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface CompareThresholds {
  /** A median peak RSS increase beyond this fraction (0.10 = 10 %) may be a regression. Default 0.10. */
  maxMemoryRegression: number;
  /** A median wall time increase beyond this fraction (0.25 = 25 %) may be a regression. Default 0.25. */
  maxTimeRegression: number;
}

/** Peak RSS and cold wall time from the runs; `warmMs` the mean of a warm timing (`--timing`). */
export type ComparedMetric = 'peakRssBytes' | 'wallMs' | 'warmMs';

export interface MetricChange {
  metric: ComparedMetric;
  /** Median over the base's ok runs, in the metric's unit (bytes or ms); null when it has none. */
  baseMedian: number | null;
  /** Median over the head's ok runs, in the metric's unit; null when it has none. */
  headMedian: number | null;
  /** Median, min and max over the base's ok runs (the noise the rule looks at). */
  baseSpread: Spread | null;
  /** Median, min and max over the head's ok runs. */
  headSpread: Spread | null;
  /** head - base, in the metric's unit. */
  changeAbs: number | null;
  /** (head - base) / base: 0.12 means 12 % more. */
  changeRatio: number | null;
  /** The threshold this metric was judged against (a fraction). */
  threshold: number;
  /** True when the base's and head's min–max ranges overlap (the change is inside the noise); null when unknown. */
  withinNoise: boolean | null;
  /** This metric's own verdict: `regressed`, `improved`, `unchanged` or `not comparable`. */
  verdict: Verdict;
}

export interface ScenarioComparison {
  scenarioId: ScenarioId;
  /** The table size both sides measured this scenario at. */
  tableRows: number;
  /** The worst verdict of the scenario's metrics and statuses. */
  verdict: Verdict;
  /** One line: why this verdict (e.g. "peak RSS +34.0 % beyond 10 % and outside the repeats' spread"). */
  reason: string;
  /** Null when the scenario is new, gone, or not comparable before any metric was looked at. */
  memory: MetricChange | null;
  /** Cold wall time. */
  time: MetricChange | null;
  /**
   * Warm time (tinybench mean, its spread the 95 % confidence interval), when both sides timed
   * the scenario warm and ok: then it decides the time verdict, and cold wall time is a second
   * signal, reported but not deciding. Null otherwise.
   */
  warm: MetricChange | null;
  baseStatuses: RunStatus[];
  headStatuses: RunStatus[];
  /** `scenarioVersion` of the base's runs (null when the base has none). */
  baseVersion: number | null;
  /** `scenarioVersion` of the head's runs (null when the head has none). */
  headVersion: number | null;
  /**
   * How peak RSS grows with the rows on each side, when both benchmarks swept sizes (growth
   * entries); null otherwise. A class that got worse is a regression before any size passes
   * the threshold (docs/compare.md). Set on the scenario's largest compared size only.
   */
  memoryGrowth: { base: GrowthClass; head: GrowthClass } | null;
}

export interface ComparedSide {
  /** The file it was read from, as given. */
  source: string;
  startedAt: string;
  commit: string | null;
  /** False when the benchmark did not finish (interrupted, or still running): some runs are missing. */
  complete: boolean;
}

export interface Comparison {
  base: ComparedSide;
  head: ComparedSide;
  thresholds: CompareThresholds;
  /**
   * Why the two benchmarks as a whole cannot be compared (different rows, payload, batch size
   * or seed), or null when their settings match. When set, every scenario is `not comparable`.
   */
  settingsMismatch: string | null;
  /** Every scenario that ran on either side, in matrix order (library, then strategy). */
  scenarios: ScenarioComparison[];
  /** Number of scenarios whose verdict is `regressed`. */
  regressions: number;
}
