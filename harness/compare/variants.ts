/**
 * `--versions` results, side by side: for every cell run by several variants, each variant
 * against the first (the baseline, as listed), per table size and figure, a paired difference
 * with its 95 % interval (harness/compare/paired.ts), and the sentence that says it.
 */
import { formatBytes, formatCount } from '../format.js';
import { withoutVariant, type BenchmarkResults, type RunResult, type ScenarioId } from '../results.js';
import { PAIRED_METRICS, pairedDifference, pairsOf, type PairedDifference, type PairedMetric } from './paired.js';

/** One cell at one size: variant `head` against variant `base`, every figure's difference. */
export interface VariantComparison {
  /** The cell without its variant (`backfill/pg/iterator`). */
  scenarioId: ScenarioId;
  tableRows: number;
  base: string;
  head: string;
  /** One per figure with at least two pairs. */
  differences: PairedDifference[];
}

/** What a figure is called in a sentence. */
const METRIC_NAMES: Record<PairedMetric, string> = {
  peakRssBytes: 'peak memory (RSS)',
  peakHeapUsedBytes: 'peak heap',
  wallMs: 'wall time',
  retainedBytes: 'retained memory',
};

/** Every comparison of the results' variants; none without `--versions`. */
export function variantComparisons(results: BenchmarkResults, tolerance = 0): VariantComparison[] {
  const labels = results.context.variants?.map((variant) => variant.label) ?? [];
  if (labels.length < 2) return [];
  const [base, ...heads] = labels as [string, ...string[]];
  const byCell = new Map<ScenarioId, Map<string, RunResult[]>>();
  for (const run of results.runs) {
    if (run.variant === undefined) continue;
    const cell = withoutVariant(run.scenarioId);
    const variants = byCell.get(cell) ?? new Map<string, RunResult[]>();
    variants.set(run.variant, [...(variants.get(run.variant) ?? []), run]);
    byCell.set(cell, variants);
  }
  const comparisons: VariantComparison[] = [];
  for (const [scenarioId, variants] of byCell) {
    const baseRuns = variants.get(base) ?? [];
    const sizes = [...new Set(baseRuns.map((run) => run.tableRows))].sort((a, b) => a - b);
    for (const head of heads) {
      const headRuns = variants.get(head) ?? [];
      for (const tableRows of sizes) {
        const atSize = (runs: RunResult[]) => runs.filter((run) => run.tableRows === tableRows);
        const differences = PAIRED_METRICS.map((metric) => {
          const metricTolerance = metric === 'retainedBytes' ? 0 : tolerance;
          return pairedDifference(metric, pairsOf(atSize(baseRuns), atSize(headRuns), metric), metricTolerance);
        }).filter((difference): difference is PairedDifference => difference !== null);
        comparisons.push({ scenarioId, tableRows, base, head, differences });
      }
    }
  }
  return comparisons;
}

/** The results' comparisons: as stored, or derived from the runs for results written before they were. */
export function comparisonsOf(results: BenchmarkResults): VariantComparison[] {
  return results.variantComparisons ?? variantComparisons(results);
}

/** `12.4 %`, `−3.0 %` */
function percent(fraction: number): string {
  const value = fraction * 100;
  return `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)} %`;
}

/** A difference's figure and interval: `12.4 % (95 % CI 10.1 % to 14.6 %)`, or in bytes for retained memory. */
export function intervalText(difference: PairedDifference): string {
  const show = difference.kind === 'relative' ? percent : (bytes: number) => `${bytes < 0 ? '−' : ''}${formatBytes(Math.abs(bytes))}`;
  return `95 % CI ${show(difference.low)} to ${show(difference.high)}`;
}

/** One sentence for one difference: "pg-8.23.1 uses 6.9 % more peak memory (RSS) than pg-8.11.3 (95 % CI 5.1 % to 8.8 %, 5 pairs)". */
export function differenceSentence(comparison: Pick<VariantComparison, 'base' | 'head'>, difference: PairedDifference): string {
  const name = METRIC_NAMES[difference.metric];
  const size = difference.kind === 'relative' ? percent(Math.abs(difference.estimate)) : formatBytes(Math.abs(difference.estimate));
  const interval = `${intervalText(difference)}, ${difference.pairs} pairs`;
  const verb = difference.metric === 'wallMs' ? 'takes' : difference.metric === 'retainedBytes' ? 'keeps' : 'uses';
  if (difference.verdict === 'higher') return `${comparison.head} ${verb} ${size} more ${name} than ${comparison.base} (${interval})`;
  if (difference.verdict === 'lower') return `${comparison.head} ${verb} ${size} less ${name} than ${comparison.base} (${interval})`;
  const signed = difference.kind === 'relative' ? `${difference.estimate >= 0 ? '+' : ''}${percent(difference.estimate)}` : `${difference.estimate >= 0 ? '+' : '−'}${formatBytes(Math.abs(difference.estimate))}`;
  if (difference.verdict === 'same') return `${name}: the same within the tolerance (${signed}, ${interval})`;
  return `${name}: no difference resolved (${signed}, ${interval})`;
}

/** Lines for the terminal and summary.md: per cell and size, its resolved differences first. */
export function comparisonLines(comparisons: readonly VariantComparison[]): string[] {
  return comparisons.map((comparison) => {
    const ordered = [...comparison.differences].sort((a, b) => Number(b.verdict === 'higher' || b.verdict === 'lower') - Number(a.verdict === 'higher' || a.verdict === 'lower'));
    const said = ordered.length > 0 ? ordered.map((difference) => differenceSentence(comparison, difference)).join('; ') : 'fewer than two pairs of ok runs: no interval';
    return `${comparison.scenarioId} at ${formatCount(comparison.tableRows)} rows: ${said}.`;
  });
}

/**
 * The paired regression rule: a head variant regressed when its peak RSS or wall time is higher
 * with an interval that excludes zero **and** an estimate at or above the threshold (asv's rule:
 * significant and large enough). Memory peaks are steadier than time, so their default threshold
 * is lower: 5 % for memory, 10 % for time.
 */
export const PAIRED_THRESHOLDS = { memoryPercent: 5, timePercent: 10 } as const;

/** One regression the paired rule found. */
export interface PairedRegression {
  comparison: VariantComparison;
  difference: PairedDifference;
  thresholdPercent: number;
}

/** Every regression of the comparisons under the paired rule. */
export function pairedRegressions(comparisons: readonly VariantComparison[], thresholds: { memoryPercent: number; timePercent: number } = PAIRED_THRESHOLDS): PairedRegression[] {
  const regressions: PairedRegression[] = [];
  for (const comparison of comparisons) {
    for (const difference of comparison.differences) {
      if (difference.metric !== 'peakRssBytes' && difference.metric !== 'wallMs') continue;
      const thresholdPercent = difference.metric === 'wallMs' ? thresholds.timePercent : thresholds.memoryPercent;
      if (difference.low > 0 && difference.estimate * 100 >= thresholdPercent) regressions.push({ comparison, difference, thresholdPercent });
    }
  }
  return regressions;
}

/** One line per regression, for stderr. */
export function regressionLine(regression: PairedRegression): string {
  const { comparison, difference, thresholdPercent } = regression;
  return `${comparison.scenarioId} at ${formatCount(comparison.tableRows)} rows: ${differenceSentence(comparison, difference)}, at or above the ${thresholdPercent} % threshold`;
}
