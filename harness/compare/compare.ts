/**
 * The comparison rule, as pure functions of two results: which scenarios regressed, improved,
 * stayed the same, appeared, disappeared or cannot be compared. Rendering and file handling
 * live elsewhere (render.ts, command.ts); the rule is documented in docs/compare.md.
 */
import { compareMatrixPositions, parseScenarioId, type BenchmarkResults, type GrowthClass, type RunResult, type RunStatus, type ScenarioId, type TimingEntry } from '../results.js';
import type { Spread } from '../stats.js';
import { rangesOverlap, relativeChange, spreadOf } from '../stats.js';
import { formatMetricChange, formatPercent, formatRatio, metricLabel } from './format.js';
import type { ComparedMetric, CompareThresholds, Comparison, MetricChange, ScenarioComparison, Verdict } from './types.js';

/** `--max-memory-regression 10` and `--max-time-regression 25`, as fractions. */
export const DEFAULT_THRESHOLDS: Readonly<CompareThresholds> = Object.freeze({ maxMemoryRegression: 0.1, maxTimeRegression: 0.25 });

/** How bad a verdict is, for picking a scenario's worst one and for sorting (higher is worse). */
const VERDICT_SEVERITY: Record<Verdict, number> = {
  regressed: 5,
  'not comparable': 4,
  new: 3,
  gone: 2,
  improved: 1,
  unchanged: 0,
};

/** Higher first: regressed, not comparable, new, gone, improved, unchanged. */
export function verdictSeverity(verdict: Verdict): number {
  return VERDICT_SEVERITY[verdict];
}

/** Where the two files came from, as the user named them. */
export interface ComparisonSources {
  base: string;
  head: string;
}

/**
 * Compares every scenario that ran in either benchmark. Pure: the same inputs always give the
 * same comparison, and nothing is read or printed.
 */
export function compareResults(
  base: BenchmarkResults,
  head: BenchmarkResults,
  thresholds: CompareThresholds,
  sources: ComparisonSources,
): Comparison {
  const settingsMismatch = describeSettingsMismatch(base, head);
  const timeMismatch = describeTimeMismatch(base, head);
  const baseRuns = groupRuns(base.runs);
  const headRuns = groupRuns(head.runs);
  const keys = [...new Set([...headRuns.keys(), ...baseRuns.keys()])].sort(byMatrixOrder);
  const headComplete = head.context.finishedAt !== null;
  const baseTimings = timingsByKey(base);
  const headTimings = timingsByKey(head);
  const scenarios: ScenarioComparison[] = keys.map((key) => {
    const { scenarioId, tableRows } = parseKey(key);
    const warm = compareWarm(baseTimings.get(key), headTimings.get(key), thresholds.maxTimeRegression);
    return compareScenario(scenarioId, tableRows, baseRuns.get(key) ?? [], headRuns.get(key) ?? [], thresholds, settingsMismatch, headComplete, warm, timeMismatch);
  });
  applyGrowth(scenarios, base, head);
  return {
    base: sideOf(base, sources.base),
    head: sideOf(head, sources.head),
    thresholds: { ...thresholds },
    settingsMismatch,
    scenarios,
    regressions: scenarios.filter((scenario) => scenario.verdict === 'regressed').length,
  };
}

/** How far along constant → linear → superlinear a class is; uncertain is not on the ladder. */
const GROWTH_RANK: Partial<Record<GrowthClass, number>> = { constant: 0, linear: 1, superlinear: 2 };

/**
 * Growth as a regression signal: when both sides fitted a scenario's peak RSS over sizes and the
 * class got worse (constant → linear: a leak in the making; linear → superlinear), the scenario's
 * largest compared size is `regressed` even if no measured size passed the threshold yet.
 * `uncertain` on either side says nothing. Mutates the comparisons.
 */
function applyGrowth(scenarios: ScenarioComparison[], base: BenchmarkResults, head: BenchmarkResults): void {
  const classOf = (results: BenchmarkResults, id: string): GrowthClass | null =>
    (results.growth ?? []).find((entry) => entry.scenarioId === id && entry.metric === 'peakRssBytes')?.class ?? null;
  for (const id of new Set(scenarios.map((scenario) => scenario.scenarioId))) {
    const baseClass = classOf(base, id);
    const headClass = classOf(head, id);
    if (baseClass === null || headClass === null) continue;
    const rows = scenarios.filter((scenario) => scenario.scenarioId === id && scenario.verdict !== 'new' && scenario.verdict !== 'gone');
    const largest = rows.reduce<ScenarioComparison | null>((best, scenario) => (best === null || scenario.tableRows > best.tableRows ? scenario : best), null);
    if (largest === null) continue;
    largest.memoryGrowth = { base: baseClass, head: headClass };
    const before = GROWTH_RANK[baseClass];
    const after = GROWTH_RANK[headClass];
    if (before === undefined || after === undefined || after <= before || largest.verdict === 'not comparable') continue;
    const why = `peak RSS now grows ${headClass} with the rows (was ${baseClass}): ${headClass === 'linear' ? 'a leak in the making' : 'its cost per row grows with the table'}`;
    largest.reason = largest.verdict === 'regressed' ? `${largest.reason}; ${why}` : why;
    largest.verdict = 'regressed';
  }
}

function sideOf(results: BenchmarkResults, source: string): Comparison['base'] {
  return { source, startedAt: results.context.startedAt, commit: results.context.commit, complete: results.context.finishedAt !== null };
}

/** 1 when any scenario regressed, else 0: the exit code of `compare`. */
export function exitCodeOf(comparison: Comparison): 0 | 1 {
  return comparison.regressions > 0 ? 1 : 0;
}

/**
 * Why the two benchmarks measured different work (payload, batch size, seed data), or null when
 * they measured the same. Table sizes are compared size by size (a size on one side only is
 * `new` or `gone`); so are latencies, bandwidths, sink rates and swept batch sizes, which are
 * part of each cell's id (`id@1ms`, `id[batchSize=N]`); repeats, interval and database kind may differ.
 */
export function describeSettingsMismatch(base: BenchmarkResults, head: BenchmarkResults): string | null {
  const differences: string[] = [];
  const a = base.context.options;
  const b = head.context.options;
  if (a.payloadBytes !== b.payloadBytes) differences.push(`payload differs (${a.payloadBytes} vs ${b.payloadBytes} bytes)`);
  // A swept batch size is in every cell's id (`[batchSize=N]`): cells of matching sizes compare, the rest are new or gone.
  const swept = (a.batchSizes?.length ?? 1) > 1 || (b.batchSizes?.length ?? 1) > 1;
  if (!swept && a.batchSize !== b.batchSize) differences.push(`batch size differs (${a.batchSize} vs ${b.batchSize})`);
  const seedA = base.context.seeds[0]?.seedVersion;
  const seedB = head.context.seeds[0]?.seedVersion;
  if (seedA !== undefined && seedB !== undefined && seedA !== seedB) differences.push(`seed version differs (${seedA} vs ${seedB})`);
  return differences.length === 0 ? null : differences.join('; ');
}

/**
 * Why times of the two benchmarks cannot be compared though their memory can, or null: one kept
 * idle CPUs from halting and the other did not (harness/run/low-latency.ts), which alone halves
 * a per-row strategy's time on a virtual machine. Older results, which do not say, count as not held.
 */
export function describeTimeMismatch(base: BenchmarkResults, head: BenchmarkResults): string | null {
  const baseHeld = base.context.lowLatency?.held ?? false;
  const headHeld = head.context.lowLatency?.held ?? false;
  if (baseHeld === headHeld) return null;
  return `low-latency idle ${baseHeld ? 'held' : 'not held'} in base, ${headHeld ? 'held' : 'not held'} in head`;
}

function compareScenario(
  scenarioId: ScenarioId,
  tableRows: number,
  baseRuns: RunResult[],
  headRuns: RunResult[],
  thresholds: CompareThresholds,
  settingsMismatch: string | null,
  headComplete: boolean,
  warm: MetricChange | null,
  timeMismatch: string | null = null,
): ScenarioComparison {
  const baseStatuses = baseRuns.map((run) => run.status);
  const headStatuses = headRuns.map((run) => run.status);
  const baseVersion = versionOf(baseRuns);
  const headVersion = versionOf(headRuns);
  const result = (verdict: Verdict, reason: string, memory: MetricChange | null = null, time: MetricChange | null = null): ScenarioComparison => ({
    scenarioId,
    tableRows,
    verdict,
    reason,
    memory,
    time,
    warm,
    baseStatuses,
    headStatuses,
    baseVersion,
    headVersion,
    memoryGrowth: null,
  });

  if (baseRuns.length === 0) return result('new', `only in head${failureSuffix(headStatuses)}`);
  if (headRuns.length === 0) {
    return headComplete
      ? result('gone', `only in base${failureSuffix(baseStatuses)}`)
      : result('not comparable', 'not measured: the head benchmark did not finish');
  }
  if (settingsMismatch !== null) return result('not comparable', settingsMismatch);
  // A lost database is the environment failing, not the scenario: never a regression.
  if (headStatuses.includes('database-lost') || baseStatuses.includes('database-lost')) {
    const side = headStatuses.includes('database-lost') ? 'head' : 'base';
    return result('not comparable', `the database was lost during a ${side} run (an environment failure, not the scenario's)`);
  }
  if (baseVersion !== headVersion) return result('not comparable', `scenario version changed (${baseVersion} → ${headVersion})`);

  const memory = compareMetric('peakRssBytes', baseRuns, headRuns, thresholds.maxMemoryRegression);
  const time = compareMetric('wallMs', baseRuns, headRuns, thresholds.maxTimeRegression);
  const baseFailing = baseStatuses.some((status) => status !== 'ok');
  const headFailing = headStatuses.some((status) => status !== 'ok');
  if (headFailing && !baseFailing) {
    return result('regressed', `newly failing: ${describeStatuses(headStatuses)} (base: all ${baseStatuses.length} ok)`, memory, time);
  }
  if (headFailing && baseFailing) {
    return result(
      'not comparable',
      `failing on both sides (base: ${describeStatuses(baseStatuses)}; head: ${describeStatuses(headStatuses)})`,
      memory,
      time,
    );
  }
  if (baseFailing) {
    return result('improved', `no longer failing (base: ${describeStatuses(baseStatuses)}; head: all ${headStatuses.length} ok)`, memory, time);
  }
  // Times measured under different idle-CPU conditions say nothing about the scenario: memory alone judges.
  if (timeMismatch !== null) return result(memory.verdict, `${metricReason(memory)}; time not judged: ${timeMismatch}`, memory, time);
  // With warm timings on both sides, they judge time; cold wall time stays in the reason as a second signal.
  const timeDecides = warm ?? time;
  const verdict =
    memory.verdict === timeDecides.verdict || verdictSeverity(memory.verdict) > verdictSeverity(timeDecides.verdict) ? memory.verdict : timeDecides.verdict;
  const reason = warm ? `${metricReason(memory)}; ${metricReason(warm)}; cold ${metricReason(time)} (second signal)` : `${metricReason(memory)}; ${metricReason(time)}`;
  return result(verdict, reason, memory, time);
}

/**
 * One metric, judged by the rule: a regression needs the median change beyond the threshold
 * AND the min–max ranges of the two sides' ok runs apart (a change inside the repeats' noise is
 * not one). Improvements are judged the same way in the other direction.
 */
export function compareMetric(metric: 'peakRssBytes' | 'wallMs', baseRuns: readonly RunResult[], headRuns: readonly RunResult[], threshold: number): MetricChange {
  return judgeChange(metric, spreadOf(baseRuns.filter(isOk).map((run) => run[metric])), spreadOf(headRuns.filter(isOk).map((run) => run[metric])), threshold);
}

/** A warm timing as a spread: its mean, and the 95 % confidence interval of the mean as its range. */
export function warmSpread(timing: TimingEntry): Spread | null {
  if (timing.status !== 'ok' || timing.meanMs === null) return null;
  const margin = timing.moeMs ?? 0;
  return { median: timing.meanMs, min: timing.meanMs - margin, max: timing.meanMs + margin, count: timing.samples };
}

/**
 * Warm time, judged by the same rule as the other metrics: a regression needs the mean to grow
 * beyond the threshold AND the two sides' confidence intervals apart. Null unless both sides
 * timed the scenario warm and ok.
 */
export function compareWarm(base: TimingEntry | undefined, head: TimingEntry | undefined, threshold: number): MetricChange | null {
  const baseSpread = base ? warmSpread(base) : null;
  const headSpread = head ? warmSpread(head) : null;
  if (baseSpread === null || headSpread === null) return null;
  return judgeChange('warmMs', baseSpread, headSpread, threshold);
}

function timingsByKey(results: BenchmarkResults): Map<string, TimingEntry> {
  return new Map((results.timings ?? []).map((timing) => [keyOf(timing), timing]));
}

/** The rule on two spreads (see {@link compareMetric}). */
function judgeChange(metric: ComparedMetric, baseSpread: Spread | null, headSpread: Spread | null, threshold: number): MetricChange {
  const baseMedian = baseSpread?.median ?? null;
  const headMedian = headSpread?.median ?? null;
  const changeAbs = baseMedian !== null && headMedian !== null ? headMedian - baseMedian : null;
  const changeRatio = relativeChange(baseMedian, headMedian);
  const withinNoise = baseSpread !== null && headSpread !== null ? rangesOverlap(baseSpread, headSpread) : null;
  let verdict: Verdict;
  if (changeRatio === null || withinNoise === null) verdict = 'not comparable';
  else if (changeRatio > threshold && !withinNoise) verdict = 'regressed';
  else if (changeRatio < -threshold && !withinNoise) verdict = 'improved';
  else verdict = 'unchanged';
  return { metric, baseMedian, headMedian, baseSpread, headSpread, changeAbs, changeRatio, threshold, withinNoise, verdict };
}

/** One clause explaining a metric's verdict, e.g. "peak RSS +34.0 % (+27.2 MiB) beyond 10 % and outside the repeats' spread". */
export function metricReason(change: MetricChange): string {
  const label = metricLabel(change.metric);
  if (change.baseMedian === null) return `${label}: no value from the base's ok runs`;
  if (change.headMedian === null) return `${label}: no value from the head's ok runs`;
  if (change.changeRatio === null) return `${label}: base median is 0, no relative change`;
  const figure = `${label} ${formatRatio(change.changeRatio)} (${formatMetricChange(change.metric, change.changeAbs)})`;
  const threshold = formatPercent(change.threshold);
  if (Math.abs(change.changeRatio) <= change.threshold) return `${figure} within ${threshold}`;
  return change.withinNoise
    ? `${figure} beyond ${threshold} but inside the repeats' spread`
    : `${figure} beyond ${threshold} and outside the repeats' spread`;
}

function isOk(run: RunResult): boolean {
  return run.status === 'ok';
}

/** A comparison key: one scenario at one table size. */
function keyOf(run: Pick<RunResult, 'scenarioId' | 'tableRows'>): string {
  return `${run.scenarioId}@${run.tableRows}`;
}

function parseKey(key: string): { scenarioId: ScenarioId; tableRows: number } {
  const at = key.lastIndexOf('@');
  return { scenarioId: key.slice(0, at) as ScenarioId, tableRows: Number(key.slice(at + 1)) };
}

function groupRuns(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const run of runs) {
    const key = keyOf(run);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.repeat - b.repeat);
  return groups;
}

/** The scenario version the runs were made with (the highest, should a file mix them). */
function versionOf(runs: readonly RunResult[]): number | null {
  return runs.length === 0 ? null : Math.max(...runs.map((run) => run.scenarioVersion));
}

/** E.g. "2 crashed, 1 ok of 3 runs". */
export function describeStatuses(statuses: readonly RunStatus[]): string {
  const counts = new Map<RunStatus, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const parts = [...counts.entries()].filter(([status]) => status !== 'ok').map(([status, count]) => `${count} ${status}`);
  const ok = counts.get('ok') ?? 0;
  if (ok > 0) parts.push(`${ok} ok`);
  return `${parts.join(', ')} of ${statuses.length} run${statuses.length === 1 ? '' : 's'}`;
}

function failureSuffix(statuses: readonly RunStatus[]): string {
  return statuses.some((status) => status !== 'ok') ? ` (${describeStatuses(statuses)})` : '';
}

/** Matrix order (workload, library, strategy), then table size; unknown ids last, alphabetically. */
function byMatrixOrder(a: string, b: string): number {
  const left = parseKey(a);
  const right = parseKey(b);
  const positionA = parseScenarioId(left.scenarioId);
  const positionB = parseScenarioId(right.scenarioId);
  if (positionA === null || positionB === null) return (positionA === null ? 1 : 0) - (positionB === null ? 1 : 0) || a.localeCompare(b);
  return compareMatrixPositions(positionA, positionB) || left.tableRows - right.tableRows || a.localeCompare(b);
}
