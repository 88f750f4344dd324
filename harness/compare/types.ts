import type { RunStatus, ScenarioId } from '../results.js';

export const VERDICTS = ['regressed', 'improved', 'unchanged', 'new', 'gone', 'not comparable'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface CompareThresholds {
  /** A median peak RSS increase beyond this fraction (0.10 = 10 %) may be a regression. */
  maxMemoryRegression: number;
  /** A median wall time increase beyond this fraction (0.25 = 25 %) may be a regression. */
  maxTimeRegression: number;
}

export type ComparedMetric = 'peakRssBytes' | 'wallMs';

export interface MetricChange {
  metric: ComparedMetric;
  baseMedian: number | null;
  headMedian: number | null;
  /** head - base, in the metric's unit. */
  changeAbs: number | null;
  /** (head - base) / base: 0.12 means 12 % more. */
  changeRatio: number | null;
  verdict: Verdict;
}

export interface ScenarioComparison {
  scenarioId: ScenarioId;
  /** The worst verdict of the scenario's metrics and statuses. */
  verdict: Verdict;
  /** One line: why this verdict (e.g. "peak RSS +34 % beyond 10 % and outside the repeats' spread"). */
  reason: string;
  memory: MetricChange | null;
  time: MetricChange | null;
  baseStatuses: RunStatus[];
  headStatuses: RunStatus[];
}

export interface ComparedSide {
  /** The file it was read from, as given. */
  source: string;
  startedAt: string;
  commit: string | null;
}

export interface Comparison {
  base: ComparedSide;
  head: ComparedSide;
  thresholds: CompareThresholds;
  scenarios: ScenarioComparison[];
  /** Number of scenarios whose verdict is `regressed`. */
  regressions: number;
}
