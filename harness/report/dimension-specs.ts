/**
 * The charts of a swept condition: time and peak memory against the network's round trip
 * (`--latency 0,1,5`) or against the batch size (`--batch-size 100,1000,10000`), one line per
 * strategy, one row of charts per library (medians of the ok runs at the largest table size);
 * and the differences between `--versions` variants with their intervals.
 */
import type { TopLevelSpec } from 'vega-lite';
import { bytesToMiB, round } from '../format.js';
import { shortScenarioId, type BenchmarkResults } from '../results.js';
import { spreadOf } from '../stats.js';
import { CHART_WIDTH, CONFIG } from './specs.js';
import type { VariantComparison } from '../compare/variants.js';

/** What a chart puts on its x axis. */
export type Dimension = 'latency' | 'batchSize';

/** One point: a cell's median (and min–max) of one metric at one value of the dimension. */
export interface DimensionRow {
  library: string;
  /** The line: the cell without the swept value (`pg/iterator`, `pg/iterator[batchSize=…]` at a latency). */
  line: string;
  strategy: string;
  /** The swept value: ms of round trip, or rows per batch. */
  x: number;
  metric: 'wall time, s' | 'peak RSS, MiB';
  value: number;
  low: number;
  high: number;
}

/** The swept value of a scenario, or null when it has none. */
function valueOf(scenario: BenchmarkResults['scenarios'][number], dimension: Dimension): number | null {
  if (dimension === 'latency') return scenario.conditions?.latencyMs ?? 0;
  const batch = scenario.params.batchSize;
  return typeof batch === 'number' ? batch : null;
}

/** The name of a scenario's line: its id without the swept value. */
function lineOf(scenario: BenchmarkResults['scenarios'][number], dimension: Dimension): string {
  const id = dimension === 'latency' ? (scenario.baseId ?? scenario.id) : scenario.id.replace(/batchSize=\d+,?/, '').replace(/\[\]/, '');
  return shortScenarioId(id);
}

/** Whether the results sweep `dimension`: more than one value of it among the scenarios run. */
export function sweeps(results: BenchmarkResults, dimension: Dimension): boolean {
  const values = new Set(results.scenarios.filter((scenario) => scenario.selected).map((scenario) => valueOf(scenario, dimension)).filter((value) => value !== null));
  return values.size > 1;
}

/** Every cell's median wall time and peak RSS at each value of the dimension, at the largest size measured. */
export function dimensionRows(results: BenchmarkResults, dimension: Dimension): DimensionRow[] {
  const largest = Math.max(0, ...results.runs.map((run) => run.tableRows));
  const rows: DimensionRow[] = [];
  for (const scenario of results.scenarios) {
    const x = valueOf(scenario, dimension);
    if (x === null) continue;
    const runs = results.runs.filter((run) => run.scenarioId === scenario.id && run.status === 'ok' && run.tableRows === largest);
    const common = { library: scenario.library, line: lineOf(scenario, dimension), strategy: scenario.strategy, x };
    const wall = spreadOf(runs.map((run) => run.wallMs));
    const peak = spreadOf(runs.map((run) => run.peakRssBytes));
    if (wall) rows.push({ ...common, metric: 'wall time, s', value: round(wall.median / 1000, 3), low: round(wall.min / 1000, 3), high: round(wall.max / 1000, 3) });
    if (peak) rows.push({ ...common, metric: 'peak RSS, MiB', value: round(bytesToMiB(peak.median), 1), low: round(bytesToMiB(peak.min), 1), high: round(bytesToMiB(peak.max), 1) });
  }
  return rows;
}

/** Lines with points and min–max rules; a row per library, a column per metric (each its own y axis). */
export function dimensionSpec(results: BenchmarkResults, dimension: Dimension): TopLevelSpec {
  const rows = dimensionRows(results, dimension);
  const title = dimension === 'latency' ? 'round trip added, ms' : 'batch size, rows';
  const x = { field: 'x', type: 'quantitative' as const, title, scale: dimension === 'batchSize' ? { type: 'log' as const } : { zero: true } };
  const y = { field: 'value', type: 'quantitative' as const, title: null, scale: { zero: true } };
  const color = { field: 'line', type: 'nominal' as const, title: 'scenario', scale: { scheme: 'tableau10' } };
  const tooltip = [
    { field: 'line', title: 'scenario' },
    { field: 'x', title, format: ',' },
    { field: 'metric', title: 'metric' },
    { field: 'value', title: 'median', format: ',.3~f' },
    { field: 'low', title: 'min', format: ',.3~f' },
    { field: 'high', title: 'max', format: ',.3~f' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { dimension: rows },
    data: { name: 'dimension' },
    facet: { row: { field: 'library', type: 'nominal', title: null }, column: { field: 'metric', type: 'nominal', title: null, sort: ['wall time, s', 'peak RSS, MiB'] } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: (CHART_WIDTH - 200) / 2,
      height: 200,
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color } },
        { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y, color, tooltip } },
      ],
    },
  };
}

/** One point of the versions chart: a relative difference of one figure of one cell, with its interval, in percent. */
export interface VersionRow {
  cell: string;
  comparison: string;
  metric: string;
  estimate: number;
  low: number;
  high: number;
  pairs: number;
  verdict: string;
}

/** Every relative difference of the results' variant comparisons, in percent (retained memory, in bytes, is in the text). */
export function versionRows(comparisons: readonly VariantComparison[]): VersionRow[] {
  const names: Record<string, string> = { peakRssBytes: 'peak RSS', peakHeapUsedBytes: 'peak heap', wallMs: 'wall time' };
  return comparisons.flatMap((comparison) =>
    comparison.differences
      .filter((difference) => difference.kind === 'relative')
      .map((difference) => ({
        cell: `${shortScenarioId(comparison.scenarioId)} @ ${comparison.tableRows.toLocaleString('en-US')}`,
        comparison: `${comparison.head} vs ${comparison.base}`,
        metric: names[difference.metric] ?? difference.metric,
        estimate: round(difference.estimate * 100, 2),
        low: round(difference.low * 100, 2),
        high: round(difference.high * 100, 2),
        pairs: difference.pairs,
        verdict: difference.verdict,
      })),
  );
}

/** Each cell's difference (point) and 95 % interval (bar) per figure, a zero line; one column per figure. */
export function versionSpec(comparisons: readonly VariantComparison[]): TopLevelSpec {
  const rows = versionRows(comparisons);
  const x = { field: 'estimate', type: 'quantitative' as const, title: 'head against base, %' };
  const y = { field: 'cell', type: 'nominal' as const, title: null };
  const color = { field: 'verdict', type: 'nominal' as const, title: 'verdict', scale: { domain: ['higher', 'lower', 'same', 'unresolved'], range: ['#c62828', '#2e7d32', '#1565c0', '#9e9e9e'] } };
  const tooltip = [
    { field: 'cell', title: 'cell' },
    { field: 'comparison', title: 'comparison' },
    { field: 'metric', title: 'figure' },
    { field: 'estimate', title: 'difference, %', format: '+.1f' },
    { field: 'low', title: '95 % CI low, %', format: '+.1f' },
    { field: 'high', title: '95 % CI high, %', format: '+.1f' },
    { field: 'pairs', title: 'pairs' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { versions: rows },
    data: { name: 'versions' },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['peak RSS', 'peak heap', 'wall time'] }, row: { field: 'comparison', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: (CHART_WIDTH - 260) / 3,
      layer: [
        { mark: { type: 'rule', color: '#555' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, y, color } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color, tooltip } },
      ],
    },
  };
}
