/**
 * The vega-lite specs of the report's charts, built from results alone (pure: no I/O, no
 * clock). Each spec carries its data as named inline datasets; series are stored one row per
 * series with arrays of numbers and expanded in the browser by a `flatten` transform, which
 * keeps the page small. Charts that show the same data share the same dataset object, so the
 * page can store it once.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import {
  RUN_STATUSES,
  compareMatrixPositions,
  shortScenarioId,
  type BenchmarkResults,
  type LibraryName,
  type PhaseEvent,
  type RunResult,
  type RunStatus,
  type ScenarioId,
  type StrategyName,
} from '../results.js';
import { downsample } from './downsample.js';
import { fitGrowth, projectGrowth, type SizeMeasurements } from '../growth.js';
import { spreadOf } from '../stats.js';
import { bytesToMiB, round } from '../format.js';
import { type ScenarioSummary } from './summary.js';

/** Points shown across all memory series together; each series gets its share, within bounds. */
export const MEMORY_POINT_BUDGET = 24_000;
export const MIN_POINTS_PER_SERIES = 100;
export const MAX_POINTS_PER_SERIES = 1_000;

export const CHART_WIDTH = 820;
const FACET_HEIGHT = 170;

/** Points each of `seriesCount` series may keep so all of them together stay near `budget`. */
export function pointsPerSeries(seriesCount: number, budget = MEMORY_POINT_BUDGET): number {
  if (seriesCount <= 0) return MAX_POINTS_PER_SERIES;
  return Math.min(MAX_POINTS_PER_SERIES, Math.max(MIN_POINTS_PER_SERIES, Math.floor(budget / seriesCount)));
}

/** `pg/server-cursor #2`: how a run is named on every chart. */
export function runLabel(run: Pick<RunResult, 'scenarioId' | 'repeat'>): string {
  return `${run.scenarioId} #${run.repeat}`;
}

interface RunFields {
  run: string;
  scenario: ScenarioId;
  library: string;
  strategy: string;
  repeat: number;
  status: RunStatus;
  /** True when the run's scenario is an outlier (see `outlierScenarios`). */
  outlier: boolean;
}

/** One memory series (or one marker, as a series of one point) of one run. */
export interface MemoryRow extends RunFields {
  kind: 'series' | 'marker';
  /** `RSS` or `heap used` for series; the phase or ending for markers. */
  label: string;
  /** Seconds since the child was spawned. */
  t: number[];
  mib: number[];
}

/** Rows processed over time, one row per run. */
export interface ProgressRow extends RunFields {
  /** Seconds since `ready` (connected, before the first query). */
  t: number[];
  rows: number[];
}

export interface PeakRow {
  /** `library/strategy`: a chart shows one workload. */
  scenario: string;
  library: string;
  strategy: string;
  /** The client's kernel and sampled peaks, and the peak of the run's own PostgreSQL backends. */
  measure: 'kernel peak' | 'sampled peak' | 'server peak';
  /** Median over the scenario's basis runs, in MiB. */
  mib: number;
  minMib: number;
  maxMib: number;
  baselineMib: number | null;
  runs: number;
  statuses: string;
  basis: string;
}

export interface TradeOffRow {
  /** `library/strategy`: a chart shows one workload. */
  scenario: string;
  library: string;
  strategy: string;
  wallSeconds: number;
  peakMib: number;
  /** No other scenario (with ok runs) is at least as fast and as small, and better in one. */
  pareto: boolean;
  /** True when the figures come from ok runs. */
  ok: boolean;
  statuses: string;
}

const MARKER_LABELS: Partial<Record<PhaseEvent['phase'], string>> = { 'first-row': 'first row', done: 'done' };
const MARKER_SHAPES: Record<string, string> = {
  'first row': 'triangle-up',
  done: 'square',
  'ended: verify-failed': 'diamond',
  'ended: crashed': 'cross',
  'ended: timed-out': 'triangle-down',
  'ended: memory-exceeded': 'triangle-right',
};

function runFields(run: RunResult, outliers: ReadonlySet<ScenarioId>): RunFields {
  return {
    run: runLabel(run),
    scenario: run.scenarioId,
    library: run.library,
    strategy: run.strategy,
    repeat: run.repeat,
    status: run.status,
    outlier: outliers.has(run.scenarioId),
  };
}

function sortedRuns(results: BenchmarkResults): RunResult[] {
  return results.runs.slice().sort((a, b) => compareMatrixPositions(a, b) || a.tableRows - b.tableRows || a.repeat - b.repeat);
}

/** The RSS sample at or just before `tMs` (the first one when `tMs` precedes them all). */
function rssAt(run: RunResult, tMs: number): number | null {
  let found: number | null = null;
  for (const sample of run.samples) {
    if (sample.tMs > tMs && found !== null) break;
    found = sample.rssBytes;
  }
  return found;
}

/**
 * Memory over time for every run: an RSS and a heap-used series per run, downsampled (peaks
 * kept), plus markers at the first row and at done, and — for runs that did not finish ok —
 * at the last RSS sample, labelled with how the run ended.
 */
export function memoryRows(results: BenchmarkResults, outliers: ReadonlySet<ScenarioId>): MemoryRow[] {
  const runs = sortedRuns(results);
  const seriesCount = runs.reduce((count, run) => count + (run.samples.length > 0 ? 1 : 0) + (run.heapSamples.length > 0 ? 1 : 0), 0);
  const maxPoints = pointsPerSeries(seriesCount);
  const rows: MemoryRow[] = [];
  for (const run of runs) {
    const fields = runFields(run, outliers);
    if (run.samples.length > 0) {
      const kept = downsample(run.samples, maxPoints, (sample) => sample.rssBytes);
      rows.push({
        ...fields,
        kind: 'series',
        label: 'RSS',
        t: kept.map((sample) => round(sample.tMs / 1000, 3)),
        mib: kept.map((sample) => round(bytesToMiB(sample.rssBytes), 1)),
      });
    }
    if (run.heapSamples.length > 0) {
      const kept = downsample(run.heapSamples, maxPoints, (sample) => sample.heapUsedBytes);
      rows.push({
        ...fields,
        kind: 'series',
        label: 'heap used',
        t: kept.map((sample) => round(sample.tMs / 1000, 3)),
        mib: kept.map((sample) => round(bytesToMiB(sample.heapUsedBytes), 1)),
      });
    }
    for (const event of run.events) {
      const label = MARKER_LABELS[event.phase];
      const rss = rssAt(run, event.tMs);
      if (label === undefined || rss === null) continue;
      rows.push({ ...fields, kind: 'marker', label, t: [round(event.tMs / 1000, 3)], mib: [round(bytesToMiB(rss), 1)] });
    }
    const last = run.samples[run.samples.length - 1];
    if (run.status !== 'ok' && last !== undefined) {
      rows.push({
        ...fields,
        kind: 'marker',
        label: `ended: ${run.status}`,
        t: [round(last.tMs / 1000, 3)],
        mib: [round(bytesToMiB(last.rssBytes), 1)],
      });
    }
  }
  return rows;
}

/** Rows processed against seconds since `ready`, per run, ending at `done` with the run's row count (failed runs: at their last sample). */
export function progressRows(results: BenchmarkResults, outliers: ReadonlySet<ScenarioId>): ProgressRow[] {
  const runs = sortedRuns(results);
  const maxPoints = pointsPerSeries(runs.length);
  const rows: ProgressRow[] = [];
  for (const run of runs) {
    const readyMs = run.events.find((event) => event.phase === 'ready')?.tMs ?? 0;
    const done = run.events.find((event) => event.phase === 'done');
    const endMs = done?.tMs ?? Infinity;
    const points = run.heapSamples
      .filter((sample) => sample.tMs >= readyMs && sample.tMs < endMs)
      .map((sample) => ({ tMs: sample.tMs, rows: sample.rows }));
    if (done !== undefined && done.tMs >= readyMs) points.push({ tMs: done.tMs, rows: run.rows });
    if (points.length === 0) continue;
    points.unshift({ tMs: readyMs, rows: 0 });
    const kept = downsample(points, maxPoints, (point) => point.rows);
    rows.push({
      ...runFields(run, outliers),
      t: kept.map((point) => round((point.tMs - readyMs) / 1000, 3)),
      rows: kept.map((point) => point.rows),
    });
  }
  return rows;
}

function statusList(summary: ScenarioSummary): string {
  return summary.runs.map((run) => run.status).join(', ');
}

/** Bars of the peak chart: the kernel peak (with its spread), the sampled peak and the server's backends' peak per scenario with runs. */
export function peakRows(summaries: readonly ScenarioSummary[]): PeakRow[] {
  const rows: PeakRow[] = [];
  for (const summary of summaries) {
    const { scenario } = summary;
    const common = {
      scenario: shortScenarioId(scenario.id),
      library: scenario.library,
      strategy: scenario.strategy,
      baselineMib: summary.baselineRssBytes === null ? null : round(bytesToMiB(summary.baselineRssBytes.median), 1),
      runs: summary.runs.length,
      statuses: statusList(summary),
      basis: summary.basis === 'ok' ? 'ok runs' : 'failed runs only (lower bound)',
    };
    for (const [measure, spread] of [
      ['kernel peak', summary.peakRssBytes],
      ['sampled peak', summary.sampledPeakRssBytes],
      ['server peak', summary.serverPeakRssBytes],
    ] as const) {
      if (spread === null) continue;
      rows.push({
        ...common,
        measure,
        mib: round(bytesToMiB(spread.median), 1),
        minMib: round(bytesToMiB(spread.min), 1),
        maxMib: round(bytesToMiB(spread.max), 1),
      });
    }
  }
  return rows;
}

/** One point per scenario with both a wall time and a peak; marks the Pareto front of the ok ones. */
export function tradeOffRows(summaries: readonly ScenarioSummary[]): TradeOffRow[] {
  const points = summaries.flatMap((summary) => {
    if (summary.wallMs === null || summary.peakRssBytes === null) return [];
    return [
      {
        scenario: shortScenarioId(summary.scenario.id),
        library: summary.scenario.library,
        strategy: summary.scenario.strategy,
        wallMs: summary.wallMs.median,
        peakBytes: summary.peakRssBytes.median,
        ok: summary.basis === 'ok',
        statuses: statusList(summary),
      },
    ];
  });
  return points.map((point) => {
    const dominated = points.some(
      (other) =>
        other !== point &&
        other.ok &&
        other.wallMs <= point.wallMs &&
        other.peakBytes <= point.peakBytes &&
        (other.wallMs < point.wallMs || other.peakBytes < point.peakBytes),
    );
    return {
      scenario: point.scenario,
      library: point.library,
      strategy: point.strategy,
      wallSeconds: round(point.wallMs / 1000, 3),
      peakMib: round(bytesToMiB(point.peakBytes), 1),
      pareto: point.ok && !dominated,
      ok: point.ok,
      statuses: point.statuses,
    };
  });
}

/** The strategies with runs, in matrix order. */
function presentStrategies(results: BenchmarkResults): string[] {
  return [...new Set(sortedRuns(results).map((run) => run.strategy))];
}

/** The libraries with runs, in matrix order. */
function presentLibraries(results: BenchmarkResults): string[] {
  const libraries = [...new Set(results.runs.map((run) => run.library))];
  // Same workload and strategy on both sides, so only the library decides the order.
  return libraries.sort((a, b) => compareMatrixPositions({ workload: 'backfill', library: a, strategy: 'full-load' }, { workload: 'backfill', library: b, strategy: 'full-load' }));
}

export const CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 13, labelFontWeight: 'bold', labelOrient: 'top', labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelPadding: 4 },
};

/** Dataset name every memory chart reads. */
export const MEMORY_DATASET = 'memory';
export const PROGRESS_DATASET = 'progress';

/**
 * Memory over time, one facet row per library, one colour per strategy; RSS solid, heap
 * dashed. Clicking a strategy in the legend highlights it. With `withoutOutliers`, the runs
 * of outlier scenarios are filtered out so the rest get a readable scale.
 */
export function memorySpec(
  results: BenchmarkResults,
  memory: MemoryRow[],
  options: { withoutOutliers?: boolean } = {},
): TopLevelSpec {
  const strategies = presentStrategies(results);
  const libraries = presentLibraries(results);
  const color = { field: 'strategy', type: 'nominal' as const, title: 'strategy', scale: { domain: strategies, scheme: 'tableau10' } };
  const highlight = { condition: { param: 'pick', empty: true, value: 0.85 }, value: 0.07 };
  const present = new Set(memory.filter((row) => row.kind === 'marker').map((row) => row.label));
  const markers = ['first row', 'done', ...RUN_STATUSES.map((status) => `ended: ${status}`)].filter((marker) => present.has(marker));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { [MEMORY_DATASET]: memory },
    data: { name: MEMORY_DATASET },
    transform: [...(options.withoutOutliers ? [{ filter: '!datum.outlier' }] : []), { flatten: ['t', 'mib'] }],
    facet: { row: { field: 'library', type: 'nominal', sort: libraries, title: null } },
    resolve: { scale: { y: 'shared', x: 'shared' } },
    spec: {
      width: CHART_WIDTH,
      height: FACET_HEIGHT,
      layer: [
        {
          params: [{ name: 'pick', select: { type: 'point', fields: ['strategy'] }, bind: 'legend' }],
          transform: [{ filter: "datum.kind === 'series'" }],
          mark: { type: 'line', strokeWidth: 1.3, interpolate: 'linear' },
          encoding: {
            x: { field: 't', type: 'quantitative', title: 'seconds since the child was spawned' },
            y: { field: 'mib', type: 'quantitative', title: 'MiB' },
            color,
            strokeDash: { field: 'label', type: 'nominal', title: 'measure', scale: { domain: ['RSS', 'heap used'], range: [[1, 0], [4, 3]] } },
            detail: { field: 'run', type: 'nominal' },
            opacity: highlight,
            tooltip: [
              { field: 'run', title: 'run' },
              { field: 'label', title: 'measure' },
              { field: 'status', title: 'status' },
            ],
          },
        },
        {
          transform: [{ filter: "datum.kind === 'marker'" }, { calculate: 'datum.label', as: 'marker' }],
          mark: { type: 'point', filled: true, size: 45, stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { field: 't', type: 'quantitative' },
            y: { field: 'mib', type: 'quantitative' },
            color,
            shape: {
              field: 'marker',
              type: 'nominal',
              title: 'marker',
              scale: { domain: markers, range: markers.map((marker) => MARKER_SHAPES[marker] ?? 'cross') },
            },
            opacity: highlight,
            tooltip: [
              { field: 'run', title: 'run' },
              { field: 'marker', title: 'marker' },
              { field: 't', title: 'seconds', format: '.3f' },
              { field: 'mib', title: 'RSS MiB', format: '.1f' },
              { field: 'status', title: 'status' },
            ],
          },
        },
      ],
    },
  };
}

/**
 * Peak memory per scenario (horizontal bars, largest first): the median kernel peak with the
 * repeats' min–max as a whisker, the sampled peak as a paler bar beside it, the peak of the
 * run's own PostgreSQL backends as a grey bar (when measured), the median idle baseline as a
 * black tick, and the memory limit (when one was set) as a red rule.
 */
export function peakSpec(results: BenchmarkResults, summaries: readonly ScenarioSummary[]): TopLevelSpec {
  const rows = peakRows(summaries);
  const order = summaries
    .filter((summary) => summary.peakRssBytes !== null)
    .slice()
    .sort((a, b) => (b.peakRssBytes?.median ?? 0) - (a.peakRssBytes?.median ?? 0))
    .map((summary) => shortScenarioId(summary.scenario.id));
  const libraries = presentLibraries(results);
  const limitBytes = results.context.options.memoryLimitBytes;
  const y = { field: 'scenario', type: 'nominal' as const, title: null, sort: order };
  const measures = ['kernel peak', 'sampled peak', ...(rows.some((row) => row.measure === 'server peak') ? ['server peak'] : [])];
  const measureOffset = { field: 'measure', type: 'nominal' as const, scale: { domain: measures } };
  const tooltip = [
    { field: 'scenario', title: 'scenario' },
    { field: 'measure', title: 'measure' },
    { field: 'mib', title: 'median MiB', format: '.1f' },
    { field: 'minMib', title: 'min MiB', format: '.1f' },
    { field: 'maxMib', title: 'max MiB', format: '.1f' },
    { field: 'baselineMib', title: 'idle baseline MiB', format: '.1f' },
    { field: 'statuses', title: 'runs' },
    { field: 'basis', title: 'figures from' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { peaks: rows, limit: limitBytes === null ? [] : [{ limitMib: round(bytesToMiB(limitBytes), 1) }] },
    width: CHART_WIDTH - 120,
    height: { step: 13, for: 'offset' },
    data: { name: 'peaks' },
    layer: [
      {
        params: [{ name: 'libraryPick', select: { type: 'point', fields: ['library'] }, bind: 'legend' }],
        transform: [{ filter: "datum.measure !== 'server peak'" }],
        mark: { type: 'bar', height: { band: 1 } },
        encoding: {
          y,
          yOffset: measureOffset,
          x: { field: 'mib', type: 'quantitative', title: 'peak RSS, MiB (median over repeats)' },
          color: {
            condition: { param: 'libraryPick', empty: true, field: 'library', type: 'nominal', title: 'library', scale: { domain: libraries } },
            value: '#ccc',
          },
          opacity: { field: 'measure', type: 'ordinal', title: 'bar', sort: ['kernel peak', 'sampled peak'], scale: { domain: ['kernel peak', 'sampled peak'], range: [1, 0.4] } },
          tooltip,
        },
      },
      // The server's side: the peak of the run's own backends, grey, under the client's bars.
      ...(measures.includes('server peak')
        ? [
            {
              transform: [{ filter: "datum.measure === 'server peak'" }],
              mark: { type: 'bar' as const, height: { band: 1 }, color: '#8d8d8d' },
              encoding: { y, yOffset: measureOffset, x: { field: 'mib', type: 'quantitative' as const }, tooltip },
            },
          ]
        : []),
      {
        transform: [{ filter: "datum.measure === 'kernel peak'" }],
        mark: { type: 'rule', color: '#333', strokeWidth: 1.2 },
        encoding: { y, yOffset: measureOffset, x: { field: 'minMib', type: 'quantitative' }, x2: { field: 'maxMib' }, tooltip },
      },
      {
        transform: [{ filter: "datum.measure === 'kernel peak'" }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, color: '#333' },
        encoding: { y, yOffset: measureOffset, x: { field: 'maxMib', type: 'quantitative' }, text: { field: 'mib', type: 'quantitative', format: ',.0f' } },
      },
      {
        transform: [{ filter: 'datum.baselineMib !== null' }],
        mark: { type: 'tick', color: 'black', thickness: 2.5 },
        encoding: { y, yOffset: measureOffset, x: { field: 'baselineMib', type: 'quantitative' }, tooltip },
      },
      {
        data: { name: 'limit' },
        mark: { type: 'rule', color: '#c62828', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { x: { field: 'limitMib', type: 'quantitative' }, tooltip: [{ field: 'limitMib', title: 'memory limit MiB' }] },
      },
    ],
  };
}

/** True when values span more than `ratio` (positive values only), so a log scale reads better. */
function spansOrders(values: readonly number[], ratio = 20): boolean {
  const positive = values.filter((value) => value > 0);
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) > ratio;
}

/**
 * Median wall time against median peak RSS, one point per scenario; the Pareto front (no
 * scenario is both faster and smaller) is joined by a line and labelled. Scenarios without an
 * ok run are hollow. Axes turn logarithmic when the values span more than a factor of 20.
 */
export function tradeOffSpec(results: BenchmarkResults, summaries: readonly ScenarioSummary[]): TopLevelSpec {
  const rows = tradeOffRows(summaries);
  const strategies = presentStrategies(results);
  const libraries = presentLibraries(results);
  const xScale = spansOrders(rows.map((row) => row.wallSeconds)) ? { type: 'log' as const } : { zero: true };
  const yScale = spansOrders(rows.map((row) => row.peakMib)) ? { type: 'log' as const } : { zero: true };
  const x = { field: 'wallSeconds', type: 'quantitative' as const, title: 'wall time, s (median)', scale: xScale };
  const y = { field: 'peakMib', type: 'quantitative' as const, title: 'peak RSS, MiB (median)', scale: yScale };
  const tooltip = [
    { field: 'scenario', title: 'scenario' },
    { field: 'wallSeconds', title: 'wall s', format: '.2f' },
    { field: 'peakMib', title: 'peak MiB', format: '.1f' },
    { field: 'pareto', title: 'best trade-off' },
    { field: 'statuses', title: 'runs' },
  ];
  const opacity = {
    condition: { test: { and: [{ param: 'strategyPick', empty: true }, { param: 'libraryPick', empty: true }] }, value: 1 },
    value: 0.12,
  };
  const pointEncoding = {
    x,
    y,
    color: { field: 'strategy', type: 'nominal' as const, title: 'strategy', scale: { domain: strategies, scheme: 'tableau10' } },
    shape: { field: 'library', type: 'nominal' as const, title: 'library', scale: { domain: libraries } },
    size: { condition: { test: 'datum.pareto', value: 200 }, value: 70 },
    opacity,
    tooltip,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { points: rows },
    data: { name: 'points' },
    width: CHART_WIDTH - 120,
    height: 380,
    layer: [
      {
        transform: [{ filter: 'datum.pareto' }],
        mark: { type: 'line', color: '#888', strokeDash: [3, 3] },
        encoding: { x, y, order: { field: 'wallSeconds', type: 'quantitative' } },
      },
      {
        params: [
          { name: 'strategyPick', select: { type: 'point', fields: ['strategy'] }, bind: 'legend' },
          { name: 'libraryPick', select: { type: 'point', fields: ['library'] }, bind: 'legend' },
        ],
        transform: [{ filter: 'datum.ok' }],
        mark: { type: 'point', filled: true },
        encoding: pointEncoding,
      },
      {
        transform: [{ filter: '!datum.ok' }],
        mark: { type: 'point', filled: false, strokeWidth: 2 },
        encoding: pointEncoding,
      },
      {
        transform: [{ filter: 'datum.pareto' }],
        mark: { type: 'text', align: 'left', dx: 9, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'scenario' }, opacity },
      },
    ],
  };
}

/**
 * Rows processed against seconds since `ready`, one line per run, faceted by library. A
 * straight line is a constant rate; a curve that flattens is a strategy slowing down as it
 * goes (LIMIT/OFFSET on deep pages).
 */
export function progressSpec(results: BenchmarkResults, progress: ProgressRow[]): TopLevelSpec {
  const strategies = presentStrategies(results);
  const libraries = presentLibraries(results);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { [PROGRESS_DATASET]: progress },
    data: { name: PROGRESS_DATASET },
    transform: [{ flatten: ['t', 'rows'] }],
    facet: { row: { field: 'library', type: 'nominal', sort: libraries, title: null } },
    spec: {
      width: CHART_WIDTH,
      height: FACET_HEIGHT,
      params: [{ name: 'pick', select: { type: 'point', fields: ['strategy'] }, bind: 'legend' }],
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'seconds since ready (connected, before the first query)' },
        y: { field: 'rows', type: 'quantitative', title: 'rows processed' },
        color: { field: 'strategy', type: 'nominal', title: 'strategy', scale: { domain: strategies, scheme: 'tableau10' } },
        detail: { field: 'run', type: 'nominal' },
        opacity: { condition: { param: 'pick', empty: true, value: 0.9 }, value: 0.07 },
        tooltip: [
          { field: 'run', title: 'run' },
          { field: 'status', title: 'status' },
        ],
      },
    },
  };
}

/** One point of the growth chart: a measured median (with its spread), a point of a fitted curve (with its band), or the limit. */
export interface GrowthRow {
  kind: 'measured' | 'fit' | 'limit';
  scenario: string;
  library: string;
  strategy: string;
  rows: number;
  /** In MiB (memory) or seconds (time). */
  value: number;
  low: number;
  high: number;
  class: string;
}

/** Points of a fitted curve between the smallest size and the target, evenly spaced on a log axis. */
export const GROWTH_CURVE_POINTS = 24;

/**
 * The data of a growth chart for one metric of the scenarios of one workload: each scenario's
 * medians per size with their min–max, its fitted curve (as harness/growth.ts projects it) from
 * the smallest size to `--project-rows` (or the largest size) with the band, and the limit.
 */
export function growthRows(results: BenchmarkResults, metric: 'peakRssBytes' | 'wallMs'): GrowthRow[] {
  const scale = metric === 'peakRssBytes' ? (value: number) => round(bytesToMiB(value), 2) : (value: number) => round(value / 1000, 4);
  const smallestStep = metric === 'peakRssBytes' ? 0.01 : 0.0001;
  const rows: GrowthRow[] = [];
  const byScenario = new Map<ScenarioId, RunResult[]>();
  for (const run of sortedRuns(results)) {
    if (run.status !== 'ok') continue;
    byScenario.set(run.scenarioId, [...(byScenario.get(run.scenarioId) ?? []), run]);
  }
  const largest = Math.max(0, ...results.runs.map((run) => run.tableRows));
  const target = Math.max(largest, results.context.options.projectRows ?? 0);
  for (const [id, runs] of byScenario) {
    const sizes: SizeMeasurements[] = [...new Set(runs.map((run) => run.tableRows))]
      .sort((a, b) => a - b)
      .map((size) => ({ rows: size, values: runs.filter((run) => run.tableRows === size).map((run) => run[metric]).filter((value): value is number => value !== null) }));
    const fit = fitGrowth(metric, sizes);
    if (fit === null) continue;
    const { library, strategy } = runs[0]!;
    const common = { scenario: shortScenarioId(id), library, strategy, class: fit.class };
    for (const size of sizes) {
      const spread = spreadOf(size.values);
      if (spread) rows.push({ ...common, kind: 'measured', rows: size.rows, value: scale(spread.median), low: scale(spread.min), high: scale(spread.max) });
    }
    const first = sizes[0]!.rows;
    for (let index = 0; index < GROWTH_CURVE_POINTS; index += 1) {
      const at = Math.round(first * (target / first) ** (index / (GROWTH_CURVE_POINTS - 1)));
      const projection = projectGrowth(fit, sizes, at);
      // A band may reach zero ("we cannot tell"): keep it positive after rounding, since the
      // axes are logarithmic; the chart's y domain starts above it and clips the rest.
      rows.push({ ...common, kind: 'fit', rows: at, value: scale(projection.value), low: Math.max(scale(projection.low), smallestStep), high: scale(projection.high) });
    }
  }
  const limit = metric === 'peakRssBytes' ? results.context.options.memoryLimitBytes : null;
  if (limit !== null) {
    for (const library of new Set(rows.map((row) => row.library))) {
      rows.push({ kind: 'limit', scenario: 'limit', library, strategy: rows.find((row) => row.library === library)!.strategy, rows: target, value: scale(limit), low: scale(limit), high: scale(limit), class: '' });
    }
  }
  return rows;
}

/**
 * Peak RSS (or wall time) against rows on log–log axes, one row of charts per library: the
 * measured medians with their min–max, each scenario's fitted curve continued to the projected
 * size with its band, the memory limit as a red line and the projected size as a dashed rule.
 */
export function growthSpec(results: BenchmarkResults, metric: 'peakRssBytes' | 'wallMs'): TopLevelSpec {
  const rows = growthRows(results, metric);
  const strategies = presentStrategies(results);
  const libraries = presentLibraries(results);
  const unit = metric === 'peakRssBytes' ? 'peak RSS, MiB' : 'wall time, s';
  const color = { field: 'strategy', type: 'nominal' as const, title: 'strategy', scale: { domain: strategies, scheme: 'tableau10' } };
  const x = { field: 'rows', type: 'quantitative' as const, title: 'rows in the table', scale: { type: 'log' as const } };
  // The y axis starts at half the smallest figure measured or fitted, not at a band's floor: a
  // band that reaches zero would otherwise squash every line into the top of the chart.
  const figures = rows.filter((row) => row.kind !== 'limit').flatMap((row) => (row.kind === 'measured' ? [row.value, row.low] : [row.value])).filter((value) => value > 0);
  const domainMin = figures.length > 0 ? Math.min(...figures) / 2 : undefined;
  const yScale = { type: 'log' as const, ...(domainMin === undefined ? {} : { domainMin }) };
  const y = { field: 'value', type: 'quantitative' as const, title: unit, scale: yScale };
  const highlight = { condition: { param: 'pick', empty: true, value: 1 }, value: 0.1 };
  const tooltip = [
    { field: 'scenario', title: 'scenario' },
    { field: 'rows', title: 'rows', format: ',' },
    { field: 'value', title: unit, format: ',.2f' },
    { field: 'low', title: 'low', format: ',.2f' },
    { field: 'high', title: 'high', format: ',.2f' },
    { field: 'class', title: 'grows' },
  ];
  const projectRows = results.context.options.projectRows;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { growth: rows },
    data: { name: 'growth' },
    facet: { row: { field: 'library', type: 'nominal', sort: libraries, title: null } },
    resolve: { scale: { y: 'shared', x: 'shared' } },
    spec: {
      width: CHART_WIDTH - 120,
      height: 220,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'fit'" }],
          mark: { type: 'area', opacity: 0.12, clip: true },
          encoding: { x, y: { field: 'low', type: 'quantitative', scale: yScale }, y2: { field: 'high' }, color, detail: { field: 'scenario' }, opacity: { condition: { param: 'pick', empty: true, value: 0.15 }, value: 0.02 } },
        },
        {
          params: [{ name: 'pick', select: { type: 'point', fields: ['strategy'] }, bind: 'legend' }],
          transform: [{ filter: "datum.kind === 'fit'" }],
          mark: { type: 'line', strokeDash: [5, 3], strokeWidth: 1.4, clip: true },
          encoding: { x, y, color, detail: { field: 'scenario' }, opacity: highlight, tooltip },
        },
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: { x, y: { field: 'low', type: 'quantitative', scale: yScale }, y2: { field: 'high' }, color, opacity: highlight },
        },
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'point', filled: true, size: 50 },
          encoding: { x, y, color, opacity: highlight, tooltip },
        },
        {
          transform: [{ filter: "datum.kind === 'limit'" }],
          mark: { type: 'rule', color: '#c62828', strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: { y, tooltip: [{ field: 'value', title: 'memory limit, MiB', format: ',.0f' }] },
        },
        ...(projectRows
          ? [
              {
                transform: [{ filter: "datum.kind === 'fit'" }, { aggregate: [{ op: 'max' as const, field: 'rows', as: 'target' }] }],
                mark: { type: 'rule' as const, color: '#555', strokeDash: [2, 3] },
                encoding: { x: { field: 'target', type: 'quantitative' as const, scale: { type: 'log' as const } }, tooltip: [{ field: 'target', title: 'projected to rows', format: ',' }] },
              },
            ]
          : []),
      ],
    },
  };
}

/** One point of the warm timing chart: an iteration's time, or a scenario's mean with its confidence interval. */
export interface WarmRow {
  kind: 'iteration' | 'mean';
  /** `workload/library/strategy`, with the size when the benchmark measured several. */
  scenario: string;
  library: string;
  strategy: string;
  ms: number;
  low: number;
  high: number;
  samples: number;
}

/** Every measured iteration of every ok warm timing, and each timing's mean ± margin of error. */
export function warmRows(results: BenchmarkResults): WarmRow[] {
  const sizes = new Set(results.timings.map((timing) => timing.tableRows)).size;
  return results.timings
    .filter((timing) => timing.status === 'ok' && timing.meanMs !== null)
    .flatMap((timing) => {
      const scenario = sizes > 1 ? `${timing.scenarioId} @ ${timing.tableRows.toLocaleString('en-US')}` : timing.scenarioId;
      const common = { scenario, library: timing.library, strategy: timing.strategy, samples: timing.samples };
      const margin = timing.moeMs ?? 0;
      return [
        ...timing.iterationsMs.map((ms): WarmRow => ({ ...common, kind: 'iteration', ms: round(ms, 3), low: round(ms, 3), high: round(ms, 3) })),
        { ...common, kind: 'mean' as const, ms: round(timing.meanMs!, 3), low: round(Math.max(0, timing.meanMs! - margin), 3), high: round(timing.meanMs! + margin, 3) },
      ];
    });
}

/**
 * Warm time per scenario: every measured iteration as a dot, the mean as a tick with its 95 %
 * confidence interval as a bar, fastest first; a log axis when the times span orders of
 * magnitude.
 */
export function warmSpec(results: BenchmarkResults): TopLevelSpec {
  const rows = warmRows(results);
  const order = rows
    .filter((row) => row.kind === 'mean')
    .sort((a, b) => a.ms - b.ms)
    .map((row) => row.scenario);
  const libraries = presentLibraries(results);
  const x = {
    field: 'ms',
    type: 'quantitative' as const,
    title: 'one iteration, ms (warm)',
    scale: spansOrders(rows.map((row) => row.ms)) ? { type: 'log' as const } : { zero: true },
  };
  const y = { field: 'scenario', type: 'nominal' as const, title: null, sort: order };
  const color = { field: 'library', type: 'nominal' as const, title: 'library', scale: { domain: libraries } };
  const tooltip = [
    { field: 'scenario', title: 'scenario' },
    { field: 'kind', title: 'what' },
    { field: 'ms', title: 'ms', format: ',.2f' },
    { field: 'low', title: 'CI low', format: ',.2f' },
    { field: 'high', title: 'CI high', format: ',.2f' },
    { field: 'samples', title: 'iterations' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    datasets: { warm: rows },
    data: { name: 'warm' },
    width: CHART_WIDTH - 120,
    height: { step: 18 },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'mean'" }],
        mark: { type: 'rule', strokeWidth: 6, opacity: 0.25 },
        encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' }, color, tooltip },
      },
      {
        transform: [{ filter: "datum.kind === 'iteration'" }],
        mark: { type: 'point', size: 22, opacity: 0.6 },
        encoding: { y, x, color, tooltip },
      },
      {
        transform: [{ filter: "datum.kind === 'mean'" }],
        mark: { type: 'tick', thickness: 2.5, size: 14, color: 'black' },
        encoding: { y, x, tooltip },
      },
    ],
  };
}
