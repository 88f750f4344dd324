/**
 * Per-scenario figures derived from the runs, shared by every exporter and chart so the
 * table, the Markdown summary and the charts can never disagree. Derived, never stored.
 */
import { builtinScenarioFields, compareMatrixPositions, type BenchmarkResults, type LibraryName, type MatrixPosition, type RunResult, type ScenarioId, type ScenarioInfo, type StrategyName, type TimingEntry, type Workload } from '../results.js';
import { rowsPerSecond, spreadOf, type Spread } from '../stats.js';

/**
 * Which runs a scenario's figures come from.
 * - `ok`: the runs that finished ok (failed repeats are left out of the figures).
 * - `failed`: no run finished ok, so the figures come from the failed runs: what they reached
 *   before they ended (a lower bound for a run killed at the memory limit or the timeout).
 * - `none`: the scenario has no runs (unsupported, or not run).
 */
export type FigureBasis = 'ok' | 'failed' | 'none';

export interface ScenarioSummary {
  scenario: ScenarioInfo;
  /** The table size these figures were measured at; null for a scenario with no runs (unsupported or not run). */
  tableRows: number | null;
  /** Every run of the scenario at that size, by repeat. */
  runs: RunResult[];
  basis: FigureBasis;
  /** Kernel peak RSS over the basis runs, in bytes. */
  peakRssBytes: Spread | null;
  sampledPeakRssBytes: Spread | null;
  peakHeapUsedBytes: Spread | null;
  /** Heap the job still held after close and a full GC (see RunResult.retainedBytes). */
  retainedBytes: Spread | null;
  baselineRssBytes: Spread | null;
  wallMs: Spread | null;
  workMs: Spread | null;
  firstRowMs: Spread | null;
  /** Rows per second of the work (rows / workMs), per run. */
  rowsPerSecond: Spread | null;
  queries: Spread | null;
  /** The run's backends' peak RSS (VmHWM, shared buffers touched included), in bytes. */
  serverPeakRssBytes: Spread | null;
  /** The run's backends' peak private memory (RssAnon), in bytes. */
  serverPrivateBytes: Spread | null;
  /** Temp-file bytes the run's database wrote. */
  serverTempBytes: Spread | null;
  /** Why the server's memory is not known, when no basis run measured it (e.g. a remote server). */
  serverUnavailableReason: string | null;
  /** Runs whose status is not `ok`. */
  failedRuns: number;
  /** The warm timing of this scenario at this size (`--timing`), or null. */
  warm: TimingEntry | null;
}

/** Median peak RSS beyond this many times the median of all scenarios' medians makes a scenario an outlier. */
export const OUTLIER_FACTOR = 3;

/** Orders scenarios as the matrix does: by workload, library, then strategy. */
export function compareScenarios(a: MatrixPosition, b: MatrixPosition): number {
  return compareMatrixPositions(a, b);
}

/**
 * The scenarios a report lists: every selected one, every one with runs, and every
 * unsupported cell of the libraries and strategies this benchmark asked for (so the reader
 * sees why it is missing). Runs of a scenario absent from `results.scenarios` still get a row.
 */
export function listedScenarios(results: BenchmarkResults): ScenarioInfo[] {
  const withRuns = new Set<string>(results.runs.map((run) => run.scenarioId));
  const { libraries, strategies } = results.context.options;
  const listed = results.scenarios.filter(
    (scenario) =>
      scenario.selected ||
      withRuns.has(scenario.id) ||
      (scenario.support === 'unsupported' &&
        (results.context.options.workloads ?? ['backfill']).includes(scenario.workload as Workload) &&
        libraries.includes(scenario.library as LibraryName) &&
        strategies.includes(scenario.strategy as StrategyName)),
  );
  const known = new Set<string>(listed.map((scenario) => scenario.id));
  for (const run of results.runs) {
    if (known.has(run.scenarioId)) continue;
    known.add(run.scenarioId);
    listed.push({
      ...builtinScenarioFields(run.scenarioId, run.workload, run.library, run.strategy),
      id: run.scenarioId,
      workload: run.workload,
      library: run.library,
      strategy: run.strategy,
      version: run.scenarioVersion,
      support: 'native',
      how: '(not described in these results)',
      selected: true,
    });
  }
  return listed.sort(compareScenarios);
}

/**
 * One summary per listed scenario and table size it ran at (a scenario without runs gets one,
 * with `tableRows` null), in matrix order, smallest size first.
 */
export function summarizeScenarios(results: BenchmarkResults): ScenarioSummary[] {
  const runsByScenario = new Map<string, RunResult[]>();
  for (const run of results.runs) {
    const list = runsByScenario.get(run.scenarioId) ?? [];
    list.push(run);
    runsByScenario.set(run.scenarioId, list);
  }
  return listedScenarios(results).flatMap((scenario) => {
    const runs = runsByScenario.get(scenario.id) ?? [];
    if (runs.length === 0) return [summarizeScenario(scenario, [], null)];
    const sizes = [...new Set(runs.map((run) => run.tableRows))].sort((a, b) => a - b);
    return sizes.map((tableRows) => ({
      ...summarizeScenario(
        scenario,
        runs.filter((run) => run.tableRows === tableRows).sort((a, b) => a.repeat - b.repeat),
        tableRows,
      ),
      warm: (results.timings ?? []).find((timing) => timing.scenarioId === scenario.id && timing.tableRows === tableRows) ?? null,
    }));
  });
}

export function summarizeScenario(scenario: ScenarioInfo, runs: RunResult[], tableRows: number | null = runs[0]?.tableRows ?? null): ScenarioSummary {
  const okRuns = runs.filter((run) => run.status === 'ok');
  const basis: FigureBasis = runs.length === 0 ? 'none' : okRuns.length > 0 ? 'ok' : 'failed';
  const used = basis === 'ok' ? okRuns : runs;
  return {
    scenario,
    tableRows,
    runs,
    basis,
    peakRssBytes: spreadOf(used.map((run) => run.peakRssBytes)),
    sampledPeakRssBytes: spreadOf(used.map((run) => run.sampledPeakRssBytes)),
    peakHeapUsedBytes: spreadOf(used.map((run) => run.peakHeapUsedBytes)),
    retainedBytes: spreadOf(used.map((run) => run.retainedBytes)),
    baselineRssBytes: spreadOf(used.map((run) => run.baselineRssBytes)),
    wallMs: spreadOf(used.map((run) => run.wallMs)),
    workMs: spreadOf(used.map((run) => run.workMs)),
    firstRowMs: spreadOf(used.map((run) => run.firstRowMs)),
    rowsPerSecond: spreadOf(used.map((run) => rowsPerSecond(run.rows, run.workMs))),
    queries: spreadOf(used.map((run) => run.queries)),
    serverPeakRssBytes: spreadOf(used.map((run) => run.server?.peakRssBytes)),
    serverPrivateBytes: spreadOf(used.map((run) => run.server?.peakPrivateBytes)),
    serverTempBytes: spreadOf(used.map((run) => run.server?.tempBytes)),
    serverUnavailableReason: used.find((run) => run.server?.unavailableReason)?.server?.unavailableReason ?? null,
    failedRuns: runs.length - okRuns.length,
    warm: null,
  };
}

/**
 * Scenarios whose median peak RSS exceeds {@link OUTLIER_FACTOR} times the median of all
 * scenarios' median peaks: the ones (typically a full load) that would squash every other
 * line into the bottom of a shared memory axis.
 */
export function outlierScenarios(summaries: readonly ScenarioSummary[]): Set<ScenarioId> {
  const medians = summaries
    .map((summary) => ({ id: summary.scenario.id, peak: summary.peakRssBytes?.median ?? null }))
    .filter((entry): entry is { id: ScenarioId; peak: number } => entry.peak !== null);
  const overall = spreadOf(medians.map((entry) => entry.peak));
  if (overall === null) return new Set();
  return new Set(medians.filter((entry) => entry.peak > OUTLIER_FACTOR * overall.median).map((entry) => entry.id));
}

/** Footnote numbers of the emulated scenarios, in table order (one number per scenario, whatever its sizes). */
export function emulatedFootnotes(summaries: readonly ScenarioSummary[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const summary of summaries) {
    if (summary.scenario.support === 'emulated' && !numbers.has(summary.scenario.id)) numbers.set(summary.scenario.id, numbers.size + 1);
  }
  return numbers;
}

/** Warm time for a table cell: `28.7 ms ± 8.6 %`, the timing's status when it failed, `–` without one. */
export function warmText(timing: TimingEntry | null, formatMs: (ms: number) => string): string {
  if (timing === null) return '–';
  if (timing.status !== 'ok' || timing.meanMs === null) return timing.status;
  return `${formatMs(timing.meanMs)} ± ${timing.rme === null ? '?' : timing.rme.toFixed(1)} %`;
}
