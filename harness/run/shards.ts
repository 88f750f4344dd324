import { UsageError } from '../errors.js';

/**
 * Splitting a benchmark into shards balanced by expected duration (the way CircleCI's timing-based
 * test splitting and knapsack do it): every unit — one cell at one table size, with all its
 * repeats and its warm timing, so one cell's memory figures are compared on one machine — goes
 * to exactly one shard. Pure functions; the benchmark reads the files and records the plan.
 */

/** `--shard i/n`: the i-th (1-based) of n shards. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Where a unit's expected duration came from, best first. */
export type DurationSource = 'durations' | 'baseline' | 'estimate';

/** One cell at one table size: what a shard takes whole. */
export interface WorkUnit {
  scenarioId: string;
  /** The cell's strategy (its built-in estimate depends on it); null for a user's scenario without one. */
  strategy: string | null;
  tableRows: number;
}

/** A unit with what it is expected to cost, in ms, and the source of that expectation. */
export interface TimedUnit {
  key: string;
  expectedMs: number;
  source: DurationSource;
}

/** What one unit cost when it last ran: written to durations.json by every benchmark and by merge. */
export interface UnitDuration {
  /** Runs measured. */
  runs: number;
  /** Mean wall-clock time of one run, everything included (database copy, child, verification, drop), in ms. */
  runMs: number;
  /** Wall-clock time of its warm timing, in ms; null when it was not timed. */
  timingMs: number | null;
}

/** The durations file (`--durations`): meant to be committed or cached in CI. */
export interface DurationsFile {
  tool: 'rowmeter-durations';
  schemaVersion: 1;
  /** When it was written (ISO). */
  writtenAt: string;
  /** By unit key (`<scenario id>@<table rows>`). */
  units: Record<string, UnitDuration>;
}

/** How one benchmark was split: recorded in results.json so that `merge` can check its shards belong together. */
export interface ShardPlan {
  index: number;
  count: number;
  /** One line: which durations the split used (`durations.json: 73 of 75 units, 2 estimated`). */
  basis: string;
  /** Every unit of the whole benchmark, with its shard and expected time, in plan order. */
  units: Array<{ key: string; shard: number; expectedMs: number; source: DurationSource }>;
}

/** The key of a unit in durations files and shard plans. */
export function unitKey(unit: { scenarioId: string; tableRows: number }): string {
  return `${unit.scenarioId}@${unit.tableRows}`;
}

/** Parses `--shard i/n`; anything else is a one-line error. */
export function parseShard(value: string, flag = '--shard'): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new UsageError(`Expected ${flag} to be i/n such as 2/4 (the 2nd of 4 shards), got ${JSON.stringify(value)}`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 1000) throw new UsageError(`Expected the shard count of ${flag} to be between 1 and 1000, got ${JSON.stringify(value)}`);
  if (index < 1 || index > count) throw new UsageError(`Expected ${flag} i/n with i between 1 and n, got ${JSON.stringify(value)}`);
  return { index, count };
}

/**
 * Per-row cost of one run of a built-in strategy, in ms per row of the table, measured on a
 * 2-core machine at 50k rows (docs/sharding.md): the strategies that send one UPDATE per row wait
 * for one round trip per row; the bulk ones for one per batch.
 */
const ESTIMATED_MS_PER_ROW: Record<string, number> = {
  'full-load': 0.34,
  iterator: 0.4,
  paginator: 0.4,
  pipelined: 0.2,
  'iterator-bulk': 0.04,
  'paginator-bulk': 0.08,
  'server-cursor': 0.04,
  keyset: 0.05,
  narrow: 0.04,
  copy: 0.03,
  'set-based': 0.02,
};
/** A scenario of the user's own: nothing is known of it. */
const ESTIMATED_MS_PER_ROW_UNKNOWN = 0.1;
/** Start-up, database copy, verification and drop of one run. */
const ESTIMATED_FIXED_MS = 1500;

/** The built-in estimate of one run, in ms, when nothing recorded says better. */
export function estimatedRunMs(strategy: string | null, tableRows: number): number {
  const perRow = strategy === null ? ESTIMATED_MS_PER_ROW_UNKNOWN : (ESTIMATED_MS_PER_ROW[strategy] ?? ESTIMATED_MS_PER_ROW_UNKNOWN);
  return Math.round(ESTIMATED_FIXED_MS + perRow * tableRows);
}

/** How many runs and whether a warm timing each unit is expected to get. */
export interface ExpectedWork {
  runs: number;
  timed: boolean;
  /**
   * Adaptive repeats: a unit gets as many runs as it got last time (a cell whose peaks were noisy
   * then is likely to need its third run again), `runs` when nothing is recorded.
   */
  adaptive?: boolean;
}

/**
 * Each unit's expected time: from the durations file when it has the unit, else from the
 * baseline's durations, else the built-in estimate. A warm timing not on record is estimated as
 * three runs (two warm-up iterations and about one measured, at most the budget).
 */
export function expectUnits(units: readonly WorkUnit[], work: ExpectedWork, recorded: { durations: DurationsFile | null; baseline: DurationsFile | null }): TimedUnit[] {
  return units.map((unit) => {
    const key = unitKey(unit);
    const fromFile = recorded.durations?.units[key];
    const fromBaseline = recorded.baseline?.units[key];
    const record = fromFile ?? fromBaseline;
    const source: DurationSource = fromFile ? 'durations' : fromBaseline ? 'baseline' : 'estimate';
    const runMs = record ? record.runMs : estimatedRunMs(unit.strategy, unit.tableRows);
    const timingMs = work.timed ? (record?.timingMs ?? runMs * 3) : 0;
    const runs = work.adaptive && record ? record.runs : work.runs;
    return { key, expectedMs: Math.round(runMs * runs + timingMs), source };
  });
}

/**
 * Longest expected first, each to the shard with the least expected time so far (ties: the
 * lower shard); equal times are taken in key order, so the same inputs split the same way on
 * every machine. Returns the shard (1-based) of each unit, in the order given.
 */
export function splitIntoShards(units: readonly TimedUnit[], count: number): number[] {
  const order = units.map((unit, position) => ({ unit, position })).sort((a, b) => b.unit.expectedMs - a.unit.expectedMs || (a.unit.key < b.unit.key ? -1 : a.unit.key > b.unit.key ? 1 : 0));
  const loads = new Array<number>(count).fill(0);
  const shardOf = new Array<number>(units.length).fill(0);
  for (const { unit, position } of order) {
    let lightest = 0;
    for (let shard = 1; shard < count; shard += 1) if (loads[shard]! < loads[lightest]!) lightest = shard;
    loads[lightest]! += unit.expectedMs;
    shardOf[position] = lightest + 1;
  }
  return shardOf;
}

/** Expected time of each shard (index 0 is shard 1). */
export function shardLoads(plan: Pick<ShardPlan, 'count' | 'units'>): number[] {
  const loads = new Array<number>(plan.count).fill(0);
  for (const unit of plan.units) loads[unit.shard - 1]! += unit.expectedMs;
  return loads;
}

/** One line on what the split was based on. */
export function describeBasis(units: readonly TimedUnit[], durationsPath: string | null, baselinePath: string | null): string {
  const count = (source: DurationSource) => units.filter((unit) => unit.source === source).length;
  const parts: string[] = [];
  if (count('durations') > 0) parts.push(`recorded durations in ${durationsPath} for ${count('durations')}`);
  if (count('baseline') > 0) parts.push(`the baseline ${baselinePath} for ${count('baseline')}`);
  if (count('estimate') > 0) parts.push(`the built-in estimate per strategy and size for ${count('estimate')}`);
  return `split by expected duration: ${parts.join(', ')} of ${units.length} cells`;
}

/** The plan of one shard of a benchmark, from its units (in plan order) and what is known of their durations. */
export function planShards(
  units: readonly WorkUnit[],
  spec: ShardSpec,
  work: ExpectedWork,
  recorded: { durations: DurationsFile | null; baseline: DurationsFile | null; durationsPath: string | null; baselinePath: string | null },
): ShardPlan {
  const timed = expectUnits(units, work, recorded);
  const shards = splitIntoShards(timed, spec.count);
  return {
    index: spec.index,
    count: spec.count,
    basis: describeBasis(timed, recorded.durationsPath, recorded.baselinePath),
    units: timed.map((unit, position) => ({ key: unit.key, shard: shards[position]!, expectedMs: unit.expectedMs, source: unit.source })),
  };
}
