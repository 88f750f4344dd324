import { LIBRARIES, STRATEGIES_BY_WORKLOAD, WORKLOADS, strategiesOf, type BenchmarkOptions, type LibraryName, type StrategyName, type Workload } from '../results.js';
import { UsageError } from '../errors.js';
import { parseDatabaseUrl } from '../run/database.js';
import { parseShard, type ShardSpec } from '../run/shards.js';
import { DEFAULT_ADAPTIVE_REPEATS } from '../run/repeats.js';
import { parseVersions, type VariantSpec } from '../variants/spec.js';
import type { AutoResolve } from '../results.js';

/** The `bench` flags as commander hands them over: strings, or undefined when not given. */
export interface RawBenchOptions {
  rows?: string;
  workload?: string;
  pipelineDepth?: string;
  payloadBytes?: string;
  batchSize?: string;
  latency?: string;
  bandwidth?: string;
  sinkRate?: string;
  versions?: string;
  /** `--against [ref]` (harness/variants/revision.ts); only checked here for `--auto`. */
  against?: string | true;
  auto?: boolean;
  autoTolerance?: string;
  autoTimeout?: string;
  repeat?: string;
  interval?: string;
  timeout?: string;
  memoryLimit?: string;
  heapLimit?: string;
  projectRows?: string;
  timing?: boolean;
  timingIterations?: string;
  timingBudget?: string;
  libraries?: string;
  strategies?: string;
  databaseUrl?: string;
  out?: string;
  baseline?: string;
  history?: string;
  maxMemoryRegression?: string;
  maxTimeRegression?: string;
  overwrite?: boolean;
  shard?: string;
  durations?: string;
  /** False with `--no-low-latency`. */
  lowLatency?: boolean;
}

/** Options resolved once, validated, with defaults applied; the rest of the code trusts them. */
export interface ResolvedBenchOptions extends BenchmarkOptions {
  batchSizes: number[];
  latencies: number[];
  bandwidthMbit: number | null;
  sinkMBps: number | null;
  /** `--versions`: the variants to run side by side; null without. */
  variants: VariantSpec[] | null;
  autoResolve: AutoResolve | null;
  /** From `--database-url` or `DATABASE_URL`; null starts the embedded server. */
  databaseUrl: string | null;
  /** Output folder, or null for a new folder under `reports/`. */
  outDir: string | null;
  baselinePath: string | null;
  historyPath: string | null;
  maxMemoryRegressionPercent: string | undefined;
  maxTimeRegressionPercent: string | undefined;
  /** True when `--libraries` named them (a missing one is then an error, not a skip). */
  librariesGiven: boolean;
  /** `--overwrite`: an `--out` holding a results.json may be replaced. */
  overwrite: boolean;
  /** `--shard i/n`: run only the i-th of n shards of the work; null runs it all. */
  shard: ShardSpec | null;
  /** `--durations FILE`: recorded durations to balance shards by; null when not given. */
  durationsPath: string | null;
  /** Keep idle CPUs from halting while measuring, where the machine allows (harness/run/low-latency.ts). */
  lowLatency: boolean;
}

export const DEFAULTS = {
  rows: 50_000,
  workloads: ['backfill'] as Workload[],
  pipelineDepth: 256,
  /** Measured iterations of a warm timing (`--timing-iterations`). */
  timingIterations: 10,
  /** Warm-up iterations before them: the first run of a warm process pays for JIT and caches. */
  timingWarmupIterations: 2,
  /** Most time one scenario's warm timing may take, resets included (`--timing-budget`). */
  timingBudgetSeconds: 60,
  payloadBytes: 1024,
  batchSize: 1000,
  /** `--repeat`: adaptive (harness/run/repeats.ts) unless a number is given. */
  repeat: 'auto',
  intervalMs: 10,
  timeoutSeconds: 600,
} as const;

/** The largest table rowmeter seeds; ids are int4 and the seed arithmetic stays exact below it. */
export const MAX_ROWS = 100_000_000;

function describe(value: string): string {
  return `${JSON.stringify(value)}`;
}

/** Parses a whole number in [min, max]; anything else is a one-line error quoting the value. */
export function parseInteger(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = value.trim().replace(/_/g, '');
  if (!/^-?\d+$/.test(trimmed)) throw new UsageError(`Expected ${flag} to be a whole number, got ${describe(value)}`);
  const parsed = Number(trimmed);
  if (parsed < min) throw new UsageError(`Expected ${flag} to be at least ${min}, got ${describe(value)}`);
  if (parsed > max) throw new UsageError(`Expected ${flag} to be at most ${max}, got ${describe(value)}`);
  return parsed;
}

/** Parses a comma-separated selection, rejecting unknown names with the list of valid ones. */
export function parseSelection<T extends string>(value: string | undefined, valid: readonly T[], flag: string): T[] {
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return [...valid];
  const names = value.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !(valid as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown ${flag} ${unknown.map(describe).join(', ')}; valid: ${valid.join(', ')}`);
  }
  // Keep the matrix order, drop duplicates.
  return valid.filter((name) => names.includes(name));
}

const ROW_SUFFIXES: Record<string, number> = { '': 1, k: 1_000, K: 1_000, m: 1_000_000, M: 1_000_000 };

/**
 * Parses one row count: a whole number (`50000`, `50_000`) or a number with a `k` or `M`
 * suffix (`10k`, `1M`, `1.5M`), which must come out whole, between 1 and {@link MAX_ROWS}.
 */
export function parseRowCount(value: string, flag = '--rows'): number {
  const match = /^\s*(\d+(?:_\d+)*(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(value);
  if (!match) throw new UsageError(`Expected ${flag} to be a row count such as 50000, 10k or 1M, got ${describe(value)}`);
  const [, digits = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = digits.replace(/_/g, '').split('.');
  const factor = ROW_SUFFIXES[suffix] ?? 1;
  // Exact decimal arithmetic on the digits: 1.5M is 1,500,000 without a floating-point detour.
  const scale = 10 ** fraction.length;
  const scaled = Number(whole + fraction) * factor;
  if (scaled % scale !== 0) throw new UsageError(`Expected ${flag} to be a whole number of rows, got ${describe(value)}`);
  const rows = scaled / scale;
  if (rows < 1) throw new UsageError(`Expected ${flag} to be at least 1, got ${describe(value)}`);
  if (rows > MAX_ROWS) throw new UsageError(`Expected ${flag} to be at most ${MAX_ROWS} (100M), got ${describe(value)}`);
  return rows;
}

/**
 * Parses `--rows`: one row count or a comma-separated list of them (suffixes allowed), sorted
 * ascending with duplicates removed (sizes run smallest first).
 */
export function parseRowList(value: string, flag = '--rows'): number[] {
  const parts = value.split(',');
  if (parts.some((part) => part.trim() === '')) throw new UsageError(`Expected ${flag} to be a row count or a comma-separated list of them, got ${describe(value)}`);
  return [...new Set(parts.map((part) => parseRowCount(part, flag)))].sort((a, b) => a - b);
}

/**
 * The strategies to run: `--strategies` names checked against the selected workloads (a name
 * counts for every selected workload that has it), every strategy of those workloads by default.
 */
export function parseStrategies(value: string | undefined, workloads: readonly Workload[]): StrategyName[] {
  const valid = strategiesOf(workloads);
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return valid;
  const names = value.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !(valid as readonly string[]).includes(name));
  if (unknown.length > 0) {
    const elsewhere = unknown.filter((name) => (strategiesOf(WORKLOADS_ALL) as readonly string[]).includes(name));
    const hint = elsewhere.length === unknown.length ? ` (not a strategy of --workload ${workloads.join(',')})` : '';
    throw new UsageError(`Unknown --strategies ${unknown.map(describe).join(', ')}${hint}; valid: ${valid.join(', ')}`);
  }
  return valid.filter((name) => names.includes(name));
}

/** `report`'s flags that re-judge saved measurements: another size to project to, another limit. */
export interface ReprojectionFlags {
  projectRows?: string;
  memoryLimit?: string;
}

/**
 * Validates `report --project-rows/--memory-limit`. Returns only what was given, to lay over the
 * saved options; the runs themselves are never changed (a limit given here kills nothing).
 */
export function resolveReprojection(raw: ReprojectionFlags): Partial<Pick<ResolvedBenchOptions, 'projectRows' | 'memoryLimitBytes'>> {
  const overrides: Partial<Pick<ResolvedBenchOptions, 'projectRows' | 'memoryLimitBytes'>> = {};
  if (raw.projectRows !== undefined) overrides.projectRows = parseRowCount(raw.projectRows, '--project-rows');
  if (raw.memoryLimit !== undefined) overrides.memoryLimitBytes = parseInteger(raw.memoryLimit, '--memory-limit (MiB)', 1) * 1024 * 1024;
  return overrides;
}

const WORKLOADS_ALL = Object.keys(STRATEGIES_BY_WORKLOAD) as Workload[];

/**
 * `--repeat`: a number is exact; `auto` (the default) is adaptive — two runs, a third for a cell
 * whose two disagree (harness/run/repeats.ts).
 */
export function parseRepeat(value: string | undefined): Pick<BenchmarkOptions, 'repeat' | 'adaptiveRepeats'> {
  if (value === undefined || value.trim() === 'auto') return { repeat: DEFAULT_ADAPTIVE_REPEATS.max, adaptiveRepeats: DEFAULT_ADAPTIVE_REPEATS };
  if (!/^\s*\d/.test(value)) throw new UsageError(`Expected --repeat to be a whole number or auto, got ${describe(value)}`);
  return { repeat: parseInteger(value, '--repeat', 1, 1000), adaptiveRepeats: null };
}

/** Most round trip `--latency` takes, in ms: a second is a network no batch job runs over. */
export const MAX_LATENCY_MS = 1000;

/**
 * Parses `--latency`: a round trip in milliseconds (`1`, `0.5`) or a comma-separated list of
 * them, sorted ascending, duplicates removed; 0 is the database as it is (no proxy).
 */
export function parseLatencyList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  const latencies = parts.map((part) => {
    if (!/^\d+(\.\d{1,3})?$/.test(part)) throw new UsageError(`Expected --latency to be a round trip in ms (such as 1 or 0.5, to the microsecond) or a comma-separated list of them, got ${describe(value)}`);
    const ms = Number(part);
    if (ms > MAX_LATENCY_MS) throw new UsageError(`Expected --latency to be at most ${MAX_LATENCY_MS} ms, got ${describe(value)}`);
    return ms;
  });
  return [...new Set(latencies)].sort((a, b) => a - b);
}

/** Parses `--bandwidth` in Mbit/s: a positive number up to 100 Gbit/s. */
export function parseBandwidth(value: string): number {
  const trimmed = value.trim();
  const mbit = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || mbit <= 0 || mbit > 100_000) throw new UsageError(`Expected --bandwidth to be a rate in Mbit/s above 0 and at most 100000, got ${describe(value)}`);
  return mbit;
}

/** Rounds every variant of a cell gets under `--auto` before any is judged: two pairs give no useful interval. */
export const AUTO_FIRST_ROUNDS = 3;

/**
 * `--auto`, `--auto-tolerance <percent>` (default 3) and `--auto-timeout <seconds>` (default 600):
 * with `--versions`, keep adding interleaved rounds until every difference of peak RSS and wall
 * time resolves. Null without `--auto`; the tolerance and timeout alone are refused.
 */
export function parseAuto(raw: Pick<RawBenchOptions, 'auto' | 'autoTolerance' | 'autoTimeout' | 'versions' | 'against' | 'repeat'>): AutoResolve | null {
  if (!raw.auto) {
    if (raw.autoTolerance !== undefined || raw.autoTimeout !== undefined) throw new UsageError('--auto-tolerance and --auto-timeout only go with --auto');
    return null;
  }
  if (raw.versions === undefined && raw.against === undefined) throw new UsageError('--auto needs --versions or --against (it resolves the differences between variants)');
  const tolerance = raw.autoTolerance === undefined ? 3 : Number(raw.autoTolerance.trim().replace(/%$/, ''));
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 100) throw new UsageError(`Expected --auto-tolerance to be a percentage from 0 to 100, got ${describe(raw.autoTolerance ?? '')}`);
  const timeoutSeconds = raw.autoTimeout === undefined ? 600 : parseInteger(raw.autoTimeout, '--auto-timeout (seconds)', 1, 86_400);
  const firstRounds = raw.repeat !== undefined && /^\s*\d+\s*$/.test(raw.repeat) ? Math.max(2, Number(raw.repeat)) : AUTO_FIRST_ROUNDS;
  return { tolerancePercent: tolerance, timeoutMs: timeoutSeconds * 1000, firstRounds };
}

/** Parses `--sink-rate` in MB/s (10^6 bytes): a positive number up to 10,000. */
export function parseSinkRate(value: string): number {
  const trimmed = value.trim();
  const rate = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || rate <= 0 || rate > 10_000) throw new UsageError(`Expected --sink-rate to be a rate in MB/s above 0 and at most 10000, got ${describe(value)}`);
  return rate;
}

/**
 * Parses `--batch-size`: one size or a comma-separated list of them (each a cell of its own),
 * sorted ascending, duplicates removed.
 */
export function parseBatchSizeList(value: string): number[] {
  const parts = value.split(',');
  if (parts.some((part) => part.trim() === '')) throw new UsageError(`Expected --batch-size to be a whole number or a comma-separated list of them, got ${describe(value)}`);
  return [...new Set(parts.map((part) => parseInteger(part, '--batch-size', 1, 1_000_000)))].sort((a, b) => a - b);
}

/** `batchSize` (the first of the list, what a single-size benchmark records) and the list itself. */
function batchSizesOf(value: string | undefined): { batchSize: number; batchSizes: number[] } {
  const batchSizes = value === undefined ? [DEFAULTS.batchSize] : parseBatchSizeList(value);
  return { batchSize: batchSizes[0]!, batchSizes };
}

/** Validates every bench flag once. Touches nothing: no file, no server. */
export function resolveBenchOptions(raw: RawBenchOptions, environment: NodeJS.ProcessEnv = process.env): ResolvedBenchOptions {
  const resolved = resolveEachFlag(raw, environment);
  // --auto runs its first rounds exactly, then decides round by round itself.
  return resolved.autoResolve ? { ...resolved, repeat: resolved.autoResolve.firstRounds, adaptiveRepeats: null } : resolved;
}

function resolveEachFlag(raw: RawBenchOptions, environment: NodeJS.ProcessEnv): ResolvedBenchOptions {
  const databaseUrl = raw.databaseUrl ?? (environment.DATABASE_URL?.trim() ? environment.DATABASE_URL.trim() : null);
  if (databaseUrl !== null) parseDatabaseUrl(databaseUrl);
  const memoryLimitMegabytes = raw.memoryLimit === undefined ? null : parseInteger(raw.memoryLimit, '--memory-limit (MiB)', 1);
  const heapLimitMegabytes = raw.heapLimit === undefined ? null : parseInteger(raw.heapLimit, '--heap-limit (MiB)', 16, 1_048_576);
  const workloads = raw.workload === undefined ? [...DEFAULTS.workloads] : parseSelection<Workload>(raw.workload, WORKLOADS, '--workload');
  return {
    rows: raw.rows === undefined ? [DEFAULTS.rows] : parseRowList(raw.rows),
    workloads,
    pipelineDepth: raw.pipelineDepth === undefined ? DEFAULTS.pipelineDepth : parseInteger(raw.pipelineDepth, '--pipeline-depth', 1, 100_000),
    payloadBytes: raw.payloadBytes === undefined ? DEFAULTS.payloadBytes : parseInteger(raw.payloadBytes, '--payload-bytes', 0, 1_000_000),
    ...batchSizesOf(raw.batchSize),
    latencies: raw.latency === undefined ? [0] : parseLatencyList(raw.latency),
    bandwidthMbit: raw.bandwidth === undefined ? null : parseBandwidth(raw.bandwidth),
    sinkMBps: raw.sinkRate === undefined ? null : parseSinkRate(raw.sinkRate),
    variants: raw.versions === undefined ? null : parseVersions(raw.versions),
    autoResolve: parseAuto(raw),
    ...parseRepeat(raw.repeat),
    intervalMs: raw.interval === undefined ? DEFAULTS.intervalMs : parseInteger(raw.interval, '--interval (ms)', 1, 60_000),
    timeoutMs: (raw.timeout === undefined ? DEFAULTS.timeoutSeconds : parseInteger(raw.timeout, '--timeout (seconds)', 1, 86_400)) * 1000,
    memoryLimitBytes: memoryLimitMegabytes === null ? null : memoryLimitMegabytes * 1024 * 1024,
    heapLimitBytes: heapLimitMegabytes === null ? null : heapLimitMegabytes * 1024 * 1024,
    projectRows: raw.projectRows === undefined ? null : parseRowCount(raw.projectRows, '--project-rows'),
    timing: raw.timing
      ? {
          iterations: raw.timingIterations === undefined ? DEFAULTS.timingIterations : parseInteger(raw.timingIterations, '--timing-iterations', 2, 10_000),
          warmupIterations: DEFAULTS.timingWarmupIterations,
          budgetMs: (raw.timingBudget === undefined ? DEFAULTS.timingBudgetSeconds : parseInteger(raw.timingBudget, '--timing-budget (seconds)', 1, 86_400)) * 1000,
        }
      : null,
    libraries: parseSelection<LibraryName>(raw.libraries, LIBRARIES, '--libraries'),
    overwrite: raw.overwrite === true,
    shard: raw.shard === undefined ? null : parseShard(raw.shard),
    durationsPath: raw.durations ?? null,
    lowLatency: raw.lowLatency !== false,
    librariesGiven: raw.libraries !== undefined && raw.libraries.trim() !== '' && raw.libraries.trim() !== 'all',
    strategies: parseStrategies(raw.strategies, workloads),
    database: databaseUrl === null ? 'embedded' : 'url',
    databaseUrl,
    outDir: raw.out ?? null,
    baselinePath: raw.baseline ?? null,
    historyPath: raw.history ?? null,
    maxMemoryRegressionPercent: raw.maxMemoryRegression,
    maxTimeRegressionPercent: raw.maxTimeRegression,
  };
}

/** The part of the options that goes into results.json (no URL: it may hold a password). */
export function recordedOptions(options: ResolvedBenchOptions): BenchmarkOptions {
  return {
    rows: options.rows,
    workloads: options.workloads,
    pipelineDepth: options.pipelineDepth,
    payloadBytes: options.payloadBytes,
    batchSize: options.batchSize,
    batchSizes: options.batchSizes,
    latencies: options.latencies,
    bandwidthMbit: options.bandwidthMbit,
    sinkMBps: options.sinkMBps,
    variants: options.variants?.map((variant) => ({ label: variant.label, packages: variant.packages })) ?? null,
    autoResolve: options.autoResolve,
    repeat: options.repeat,
    adaptiveRepeats: options.adaptiveRepeats ?? null,
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    memoryLimitBytes: options.memoryLimitBytes,
    heapLimitBytes: options.heapLimitBytes,
    projectRows: options.projectRows,
    timing: options.timing,
    libraries: options.libraries,
    strategies: options.strategies,
    database: options.database,
  };
}
