/**
 * The result schema: the one contract between the runner (which writes it), the store
 * (`results.json`), the report renderers and `compare`. Every consumer reads these types;
 * nothing else is a source of truth. Bump {@link SCHEMA_VERSION} on any incompatible change
 * and teach `readResults` (harness/store/store.ts) to migrate or refuse the older shape.
 */

import type { ShardPlan } from './run/shards.js';
import type { NetworkCalibration } from './run/network/calibration.js';
import type { MemoryBound } from './bounded.js';
import type { VariantComparison } from './compare/variants.js';

/**
 * Version of the `results.json` layout. Versions 1 and 2 are migrated on read (harness/store/store.ts).
 * 3: scenarios are open (a user's scenario has its own name, file, params, table and tags),
 * runs carry `retainedBytes`, and the results carry `budgets`.
 */
export const SCHEMA_VERSION = 3;

/**
 * The jobs rowmeter measures. `backfill`: read every row, compute a value from its JSON
 * document, write it back. `export`: write every row out as NDJSON. `import`: insert N rows.
 */
export const WORKLOADS = ['backfill', 'export', 'import'] as const;
export type Workload = 'backfill' | 'export' | 'import';

export const LIBRARIES = ['pg', 'knex', 'typeorm', 'prisma', 'postgres-js', 'drizzle', 'kysely', 'sequelize'] as const;
export type LibraryName = (typeof LIBRARIES)[number];

/** Every workload's strategies, in the order the matrix lists them. */
export const STRATEGIES_BY_WORKLOAD = {
  backfill: ['full-load', 'iterator', 'iterator-bulk', 'paginator', 'paginator-bulk', 'server-cursor', 'keyset', 'narrow', 'pipelined', 'set-based'],
  export: ['full-load', 'iterator', 'paginator', 'keyset', 'server-cursor', 'narrow', 'copy'],
  import: ['row-by-row', 'batched', 'all-at-once', 'unnest', 'copy'],
} as const satisfies Record<Workload, readonly string[]>;

export type BackfillStrategy = (typeof STRATEGIES_BY_WORKLOAD)['backfill'][number];
export type ExportStrategy = (typeof STRATEGIES_BY_WORKLOAD)['export'][number];
export type ImportStrategy = (typeof STRATEGIES_BY_WORKLOAD)['import'][number];
export type StrategyName = BackfillStrategy | ExportStrategy | ImportStrategy;

/** Every strategy name of the given workloads, in matrix order, each once. */
export function strategiesOf(workloads: readonly Workload[] = WORKLOADS): StrategyName[] {
  const names: StrategyName[] = [];
  for (const workload of workloads) {
    for (const strategy of STRATEGIES_BY_WORKLOAD[workload] as readonly StrategyName[]) if (!names.includes(strategy)) names.push(strategy);
  }
  return names;
}

/**
 * A scenario's id: `workload/library/strategy` for a built-in cell (`backfill/pg/server-cursor`),
 * the scenario's name for a user's (`accounts-stream`, or `accounts-stream[batchSize=500]` for one
 * cell of a parametrised scenario).
 */
export type ScenarioId = string;

/** A value of a scenario parameter. */
export type ParamValue = string | number | boolean;

/**
 * Who checked that a run did its job: `harness` (rowmeter's own check of a built-in workload,
 * independent of the scenario), `scenario` (the scenario's own `verify`), or `none` (an ok run is
 * shown **unverified**, never as verified).
 */
export type Verification = 'harness' | 'scenario' | 'none';

/** A budget with its figures in bytes and milliseconds (the config's strings, parsed). */
export interface ResolvedBudget {
  peakRssBytes: number | null;
  peakHeapBytes: number | null;
  retainedBytes: number | null;
  wallTimeMs: number | null;
}

export const BUDGET_METRICS = ['peakRss', 'peakHeap', 'retained', 'wallTime'] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

/**
 * A budget judged for one scenario at one table size, on the median of its ok runs: `within`,
 * `exceeded`, or `no-data` (no ok run, or the figure was not measured).
 */
export interface BudgetVerdict {
  scenarioId: ScenarioId;
  tableRows: number;
  metric: BudgetMetric;
  /** The limit, in bytes (memory) or ms (wallTime). */
  limit: number;
  /** The median of the ok runs' figures, in the same unit; null for `no-data`. */
  median: number | null;
  /** Ok runs the median is over. */
  runs: number;
  verdict: 'within' | 'exceeded' | 'no-data';
}

/**
 * How a library does a strategy: with its own API (`native`), with the most faithful
 * equivalent because it has no such API (`emulated`, `how` says exactly what), or not at all.
 */
export type Support = 'native' | 'emulated' | 'unsupported';

/**
 * The conditions a cell ran under besides its table: a network between the job and the database
 * (harness/run/network/). Cells under different conditions are different cells (`id@1ms`), so
 * growth, budgets and compare never mix them.
 */
export type { MemoryBound, NetworkCalibration, VariantComparison };

export interface RunConditions {
  /** Round trip added between the child and the database, in ms (`--latency`); 0: none. */
  latencyMs: number;
  /** `--bandwidth` in Mbit/s; null: no limit. */
  bandwidthMbit: number | null;
  /** `--sink-rate` in MB/s (10^6 bytes): how fast `ctx.createSink()` (and the export's file) takes bytes; null or absent: no limit. */
  sinkMBps?: number | null;
}

/** The network part of a cell's conditions: `1ms`, `1ms/100Mbit`, `0ms/100Mbit`; empty for none (one delay proxy per distinct key). */
export function networkKey(conditions: RunConditions | undefined): string {
  if (!conditions || (conditions.latencyMs === 0 && conditions.bandwidthMbit === null)) return '';
  return `${conditions.latencyMs}ms${conditions.bandwidthMbit === null ? '' : `/${conditions.bandwidthMbit}Mbit`}`;
}

/** `@1ms`, `@1ms/100Mbit`, `@0ms/100Mbit`, `@sink1MBps`, `@1ms/sink1MBps`; empty for the database as it is and no sink. */
export function conditionsSuffix(conditions: RunConditions | undefined): string {
  const parts = [networkKey(conditions), conditions?.sinkMBps == null ? '' : `sink${conditions.sinkMBps}MBps`].filter((part) => part !== '');
  return parts.length === 0 ? '' : `@${parts.join('/')}`;
}

/** `{old}`: a variant's part of a cell id. */
export function variantSuffix(label: string | undefined): string {
  return label === undefined ? '' : `{${label}}`;
}

/** The id the variants of one cell share: `backfill/pg/iterator@1ms` for `backfill/pg/iterator{old}@1ms`. */
export function withoutVariant(id: ScenarioId): ScenarioId {
  return id.replace(/\{[A-Za-z0-9._-]+\}(?=@|$)/, '');
}

/** Conditions in words, for a heading: `over a 1 ms round trip, 100 Mbit/s, behind a 2 MB/s consumer`; null for none. */
export function conditionsLabel(conditions: RunConditions | undefined): string | null {
  if (conditionsSuffix(conditions) === '') return null;
  const parts: string[] = [];
  if (networkKey(conditions) !== '') parts.push(`over a ${conditions!.latencyMs} ms round trip${conditions!.bandwidthMbit === null ? '' : ` at ${conditions!.bandwidthMbit} Mbit/s`}`);
  if (conditions!.sinkMBps != null) parts.push(`behind a ${conditions!.sinkMBps} MB/s consumer`);
  return parts.join(', ');
}

/** One cell of the workload × library × strategy matrix, as it was when the benchmark ran. */
export interface ScenarioInfo {
  id: ScenarioId;
  /** The scenario's name (a built-in cell's is its id); the id adds the params' values. */
  name: string;
  /** The scenario's file relative to the config's folder; null for a built-in cell. */
  file: string | null;
  /** This cell's parameter values ({} without params). */
  params: Record<string, ParamValue>;
  /** The table it runs on (`rowmeter_rows` for the built-in seeded one). */
  table: string;
  /** Grouping: a built-in cell's are `workload`, `library` and `strategy`; a user's are its own. */
  tags: Record<string, string>;
  /** Who verifies its runs. */
  verification: Verification;
  /** Its budget (the config's merged with its own); null without one. */
  budget: ResolvedBudget | null;
  /** `tags.workload`, or `custom` for a user's scenario without one. */
  workload: string;
  /** `tags.library`, or `custom`. */
  library: string;
  /** `tags.strategy`, or the scenario's id. */
  strategy: string;
  /** Bumped when the scenario's definition changes, so compare says "not comparable". */
  version: number;
  support: Support;
  /** What the scenario does, in one or two sentences (for emulated cells: what replaces the missing API). */
  how: string;
  /** Why the cell is unsupported; present only when `support` is `unsupported`. */
  unsupportedReason?: string;
  /** Fairness notes, e.g. "typeorm fixes its stream batch at 100 rows". */
  notes?: string[];
  /** Whether the scenario was selected for this benchmark (unsupported cells are listed, never run). */
  selected: boolean;
  /** The network it ran over; absent: the database as it is (older results, or `--latency 0`). */
  conditions?: RunConditions;
  /** The cell's id without its conditions (`backfill/pg/iterator` for `backfill/pg/iterator@1ms`): what the same job is called at every latency. */
  baseId?: ScenarioId;
  /** The `--versions` variant it runs (its label, as in `context.variants`); absent without `--versions`. */
  variant?: string;
}

/** One RSS reading taken by the parent from outside the child. */
export interface RssSample {
  /** Milliseconds since the child was spawned. */
  tMs: number;
  rssBytes: number;
}

/** One V8 heap reading the child reported about itself. */
export interface HeapSample {
  /** Milliseconds since the child was spawned (parent clock, on receipt). */
  tMs: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** Rows processed so far. */
  rows: number;
}

export type PhaseName = 'spawned' | 'ready' | 'first-row' | 'done' | 'exited';

export interface PhaseEvent {
  phase: PhaseName;
  /** Milliseconds since the child was spawned. */
  tMs: number;
}

/**
 * What happened to a run.
 * - `ok`: the child finished and every row was verified.
 * - `verify-failed`: the child finished but the work is wrong or incomplete (a row, a line, a document).
 * - `crashed`: the child exited non-zero, died of a signal, or reported an error.
 * - `timed-out`: the child ran past `--timeout` and was killed.
 * - `memory-exceeded`: the child's RSS passed `--memory-limit` and it was killed (like a container's OOM kill).
 * - `heap-exceeded`: the child died of "JavaScript heap out of memory" under `--heap-limit`
 *   (`--max-old-space-size`): the other way Node jobs die.
 * - `database-lost`: the server went away during the run. Not a failure of the scenario but of
 *   the environment: the benchmark stops there, and compare calls it "not comparable".
 */
export const RUN_STATUSES = ['ok', 'verify-failed', 'crashed', 'timed-out', 'memory-exceeded', 'heap-exceeded', 'database-lost'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface VerifyOutcome {
  /** What was checked: rows in the table after a backfill or import, lines of an export's file. */
  checkedRows: number;
  /**
   * Rows (or lines) that are wrong: for a backfill, rows whose `field` differs from the
   * expected value (rows never updated included); for an export, missing, extra, out-of-order
   * or altered lines; for an import, rows missing, extra or different from the seeded ones.
   */
  mismatches: number;
  /** One line on what was wrong, when something was (e.g. "line 17: id 18 expected, got 19"). */
  detail?: string;
}

export interface RunFailure {
  /** One line: what went wrong. */
  message: string;
  /** For a run killed by a limit (or lost with its database): rows it had processed when it ended. */
  reachedRows?: number;
  /** For a run killed by a limit: milliseconds since spawn when it was killed. */
  atMs?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** Last lines the child wrote to stderr. */
  stderrTail?: string;
}

/**
 * The server's side of one run: its own PostgreSQL backend processes (those connected to the
 * run's database), read from `/proc` while they live when the server runs on this machine.
 */
export interface ServerMeasurement {
  /**
   * Highest `VmHWM` among the run's backends, in bytes: each backend's peak resident set,
   * which includes the shared buffers it touched (so a scan of a table cached in
   * shared_buffers shows here). Null when it could not be measured ({@link unavailableReason}).
   */
  peakRssBytes: number | null;
  /**
   * Highest `RssAnon` sampled among the run's backends, in bytes: private memory only (sorts,
   * hash tables, materialised results, cursors), sampled every 20 ms. Null when not measured.
   */
  peakPrivateBytes: number | null;
  /** Backend processes of the run that were seen and read. */
  backends: number;
  /** Bytes of temporary files the run's database wrote (`pg_stat_database.temp_bytes`, after − before); null when unreadable. */
  tempBytes: number | null;
  /** Why the peaks are null (the server is remote, no /proc, …); null when measured. */
  unavailableReason: string | null;
}

/**
 * One measured run: one fresh child process on one fresh copy of the seeded table.
 * Failed runs are data, not exceptions: they carry whatever was measured before they failed.
 */
export interface RunResult {
  scenarioId: ScenarioId;
  workload: string;
  library: string;
  strategy: string;
  scenarioVersion: number;
  /** Rows in the seeded table this run worked on (for `import`: rows it had to insert). */
  tableRows: number;
  /** 1-based repeat number. */
  repeat: number;
  status: RunStatus;
  /** Rows the scenario reported as processed. */
  rows: number;
  /**
   * Peak resident set size from the kernel's own high-water mark (Linux `VmHWM`, else
   * `getrusage` max RSS), so a short spike between two samples still counts. Linux reads its
   * RSS counters approximately (to a few hundred KiB), so a sampled reading above the stored
   * mark raises it. `null` when the child died before it could be read.
   */
  peakRssBytes: number | null;
  /** Where {@link peakRssBytes} came from. */
  peakRssSource: 'vmhwm' | 'getrusage' | 'sampled' | 'none';
  /** Largest RSS among the periodic samples (always <= the kernel peak, up to sampling). */
  sampledPeakRssBytes: number | null;
  /** Largest V8 `heapUsed` the child reported. */
  peakHeapUsedBytes: number | null;
  /** RSS after imports and connect, before the first query: the scenario's idle floor. */
  baselineRssBytes: number | null;
  /**
   * V8 heap still used after `run()` and `close()` and a full garbage collection, minus the heap
   * used before `setup()` after one: what the job kept (a list of every row). Can be slightly
   * negative (noise, see docs/results.md); null when the child did not get that far.
   */
  retainedBytes: number | null;
  /** From spawn to exit of the child, in milliseconds. */
  wallMs: number;
  /**
   * What the run cost beyond its child, in milliseconds: the fresh copy of the table before,
   * the verification and the drop after. Absent in results written before it was recorded.
   */
  overheadMs?: number;
  /** The `--versions` variant of the run (its scenario's); absent without. */
  variant?: string;
  /** The network the run went over (as its scenario's); absent: none. */
  conditions?: RunConditions;
  /** Under `--sink-rate`: whether memory stayed bounded while rows flowed (harness/bounded.ts); absent otherwise. */
  memoryBound?: MemoryBound;
  /** CPU the delay proxy spent during the run, in ms (outside the child: not in its figures); absent without a proxy. */
  proxyCpuMs?: number | null;
  /** The shard (`--shard i/n`) that made this run; absent in an unsharded benchmark. */
  shard?: number;
  /** From `ready` (connected, idle) to `done`: the work itself, in milliseconds. */
  workMs: number | null;
  /** From `ready` to the first row handed to user code, in milliseconds. */
  firstRowMs: number | null;
  /** Calls of `pg.Client.prototype.query` during the work (a stream or cursor counts once). */
  queries: number | null;
  /** Connections the scenario opened (`pg.Client.prototype.connect` calls). */
  connections: number | null;
  verify: VerifyOutcome | null;
  /** The server's side of this run's memory; null in results written before it was measured. */
  server: ServerMeasurement | null;
  failure?: RunFailure;
  events: PhaseEvent[];
  samples: RssSample[];
  heapSamples: HeapSample[];
}

/** The options a benchmark ran with, after normalisation (secrets removed). */
export interface BenchmarkOptions {
  /** Table sizes measured, ascending; each gets its own seeded template. */
  rows: number[];
  workloads: Workload[];
  /** Most queries in flight for the `pipelined` strategy. */
  pipelineDepth: number;
  payloadBytes: number;
  /** The batch size of a benchmark with one (`--batch-size 500`); with a list, its smallest. */
  batchSize: number;
  /**
   * `--batch-size` as a list: with more than one size, every cell without a `batchSize` param of
   * its own runs once per size, as `id[batchSize=N]`. Absent in results written before lists.
   */
  batchSizes?: number[];
  /**
   * `--latency`: round trips (ms) put between the children and the database; `[0]` is the
   * database as it is. A cell runs once per latency, as `id@1ms` (docs/network.md). Absent before.
   */
  latencies?: number[];
  /** `--bandwidth` in Mbit/s for every latency; null for none. Absent before. */
  bandwidthMbit?: number | null;
  /**
   * `--versions`: the variants every cell ran once each, interleaved (`id{label}`); null or absent
   * without. Their exact versions are in `context.variants`.
   */
  variants?: Array<{ label: string; packages: Array<{ name: string; version: string }> }> | null;
  /** `--auto`: rounds added until every variant difference resolves; null or absent without. */
  autoResolve?: AutoResolve | null;
  /** `--sink-rate` in MB/s for the export's file and `ctx.createSink()`; null for none. Absent before. */
  sinkMBps?: number | null;
  repeat: number;
  intervalMs: number;
  timeoutMs: number;
  /** RSS limit in bytes above which a child is killed, or null for none. */
  memoryLimitBytes: number | null;
  /** V8 old-space limit of the child (`--max-old-space-size`), in bytes, or null for Node's default. */
  heapLimitBytes: number | null;
  /** `--project-rows`: the row count growth is projected to, or null. */
  projectRows: number | null;
  /** `--timing`: warm timings with tinybench after the cold runs, or null when off. */
  timing: { iterations: number; warmupIterations: number; budgetMs: number } | null;
  libraries: LibraryName[];
  strategies: StrategyName[];
  /** `embedded` when rowmeter started its own PostgreSQL, `url` when given a server. */
  database: 'embedded' | 'url';
  /**
   * Adaptive repeats (the default without `--repeat`): `repeat` is then the most a cell runs.
   * Null or absent: `repeat` is exact.
   */
  adaptiveRepeats?: AdaptiveRepeats | null;
}

/** The adaptive repeat rule (harness/run/repeats.ts). */
export interface AdaptiveRepeats {
  /** Runs every cell gets. */
  min: number;
  /** The most a cell gets. */
  max: number;
  /** Peaks that differ by at most this much of the smaller agree. */
  tolerancePercent: number;
  /** …or by at most this many bytes (the grain of the kernel's accounting). */
  floorBytes: number;
}

/** How many runs a cell got at one size, and why. */
export interface RepeatDecision {
  scenarioId: ScenarioId;
  tableRows: number;
  runs: number;
  policy: 'exact' | 'adaptive';
  /** One line, e.g. `peak RSS of the 2 runs within 0.8 % (noise floor 3 %)`. */
  reason: string;
}

export interface SeedInfo {
  rows: number;
  payloadBytes: number;
  /** Average `octet_length(data::text)` actually seeded. */
  averagePayloadBytes: number;
  /** Wall time to create the template, in ms (0 when an existing template was reused). */
  seedMs: number;
  rowsPerSecond: number | null;
  /** True when a matching template from an earlier benchmark was reused. */
  reused: boolean;
  /** Size of the seeded table with its TOAST and index, in bytes. */
  tableBytes: number;
  /** Version of the seed generator: different versions produce different data. */
  seedVersion: number;
}

/**
 * A table a benchmark ran on, at one size: the built-in seeded one, or a copy of a user's
 * existing table (its first `rows` rows by primary key; the user's table itself only read).
 */
export interface TableInfo {
  /** As named in the config (`accounts`, `public.accounts`, or `rowmeter_rows`). */
  table: string;
  /** `seeded`: the built-in table; `existing`: a copy of the user's; `generated`: made from its `columns` (docs/tables.md). */
  kind: 'seeded' | 'existing' | 'generated';
  /** The size asked for (`--rows`). */
  requestedRows: number;
  /** Rows the runs' copies hold (fewer than asked when the existing table is smaller). */
  rows: number;
  /** Rows in the user's table; null for the seeded and generated ones. */
  availableRows: number | null;
  /** The `rowmeter_` template database every run copies. */
  template: string;
  /** True when a template from an earlier benchmark was reused. */
  reused: boolean;
  /** Time to build the template, in ms (0 when reused). */
  buildMs: number;
  /** What the copy leaves out of the user's table (foreign keys), one line each. */
  leftOut: string[];
}

export interface BenchmarkContext {
  rowmeterVersion: string;
  nodeVersion: string;
  postgresVersion: string;
  /** Exact installed versions of the measured libraries, e.g. `{ pg: "8.23.1" }`. */
  libraryVersions: Record<string, string>;
  os: { platform: string; release: string; arch: string };
  cpu: { model: string; cores: number };
  totalMemoryBytes: number;
  /** ISO timestamps. */
  startedAt: string;
  finishedAt: string | null;
  /** Git commit of rowmeter, when run from a checkout. */
  commit: string | null;
  /** The machine's host name (shards of one benchmark may run on different machines); absent in older results. */
  hostname?: string | null;
  options: BenchmarkOptions;
  /** One per table size of the built-in seeded table, in the order they were seeded (ascending rows). */
  seeds: SeedInfo[];
  /** Every table and size the runs used, in the order they were prepared. */
  tables: TableInfo[];
  /** The config file the benchmark ran with, relative to the working directory; null without one. */
  configFile: string | null;
  /** What one counted query means, and other notes a reader needs to compare fairly. */
  fairnessNotes: string[];
  /** Whether idle CPUs were kept from halting while measuring (harness/run/low-latency.ts); absent in older results. */
  lowLatency?: LowLatencyState;
  /** `--shard i/n`: this benchmark is one shard of a split; absent when it is not. */
  shard?: ShardPlan;
  /** The `--versions` variants, each with the exact versions it ran; absent without. */
  variants?: VariantInfo[];
  /** `--auto`: the cells (`id` at `rows`) whose differences were still unresolved when `--auto-timeout` passed; absent otherwise. */
  autoUnresolved?: string[];
  /** The delay proxies of `--latency`/`--bandwidth`, each as calibrated; absent without. */
  network?: NetworkLinkInfo[];
  /** Set by `rowmeter merge`: the shards these results were joined from; absent otherwise. */
  merged?: MergeInfo;
}

/**
 * `--auto` (with `--versions`): after `firstRounds` interleaved rounds, one more round at a time for
 * the cells whose peak RSS or wall time difference is still unresolved, until every interval
 * excludes zero or lies within ±`tolerancePercent`, or `timeoutMs` has passed.
 */
export interface AutoResolve {
  tolerancePercent: number;
  timeoutMs: number;
  firstRounds: number;
}

/** One side of a `--versions` comparison, as installed in the version cache (harness/variants/). */
export interface VariantInfo {
  label: string;
  /** The packages as asked (`pg@8.11.3`, `pg@^8`). */
  packages: Array<{ name: string; version: string }>;
  /** Exact versions installed, `{ pg: "8.11.3" }`. */
  resolved: Record<string, string>;
  /** True when an earlier install in the version cache was reused. */
  reused: boolean;
}

/** One delay proxy of a benchmark: the conditions it makes and how it was calibrated (docs/network.md). */
export interface NetworkLinkInfo {
  latencyMs: number;
  bandwidthMbit: number | null;
  mechanism: 'tcp-delay-proxy';
  /** The asked round trip (`latencyMs`) over the direct one. */
  calibration: NetworkCalibration;
}

/** The PM QoS request of the benchmark: held, or why not. */
export interface LowLatencyState {
  held: boolean;
  /** One line: the device and value, or why it was not held. */
  detail: string;
}

/** The machine and time of one shard, kept by `merge` (shards may run on different machines). */
export interface ShardOrigin {
  index: number;
  /** The folder its results.json was read from, as given to `merge`. */
  source: string;
  hostname: string | null;
  os: { platform: string; release: string; arch: string };
  cpu: { model: string; cores: number };
  totalMemoryBytes: number;
  nodeVersion: string;
  postgresVersion: string;
  /** Whether it kept idle CPUs from halting (`context.lowLatency.held`): it halves per-row times. */
  lowLatencyHeld: boolean;
  startedAt: string;
  finishedAt: string | null;
  runs: number;
}

/** How merged results came together. */
export interface MergeInfo {
  count: number;
  shards: ShardOrigin[];
  /** True when the shards ran on more than one kind of machine (a different CPU, core count, memory, OS or host, or idle CPUs kept awake on one and not another). */
  differentMachines: boolean;
  /** Null when every shard was there; with `--allow-partial`, what is missing. */
  incomplete: { missingShards: number[]; missingUnits: string[] } | null;
}

/** The run fields growth is fitted for. */
export const GROWTH_METRICS = ['peakRssBytes', 'peakHeapUsedBytes', 'wallMs', 'workMs'] as const;
export type GrowthMetric = (typeof GROWTH_METRICS)[number];

/** How a metric grows with the table's rows (the rule is in docs/growth.md). */
export type GrowthClass = 'constant' | 'linear' | 'superlinear' | 'uncertain';

/** Where a fitted metric lands at `--project-rows`. */
export interface GrowthProjection {
  /** The row count projected to. */
  rows: number;
  /** The projected value, in the metric's unit. */
  value: number;
  /** The band: from the repeats' spread and the fit's residuals, widening with the distance. */
  low: number;
  high: number;
  /** `rows` / the largest measured size. */
  extrapolation: number;
  /** True when projecting far beyond what was measured (see docs/growth.md): read with care. */
  farBeyond: boolean;
}

/** Whether a scenario stays under a limit at the projected size. */
export type LimitVerdict = 'fits' | 'exceeds' | 'unknown';

/** How one metric of one scenario grows with the rows, fitted from its medians per size. */
export interface GrowthEntry {
  scenarioId: ScenarioId;
  workload: string;
  /** The run field fitted, e.g. `peakRssBytes` or `wallMs`. */
  metric: GrowthMetric;
  class: GrowthClass;
  /** One line: why this class. */
  reason: string;
  /** The table sizes with ok runs the fit used, ascending. */
  sizes: number[];
  /** The median of the ok runs at each of those sizes, in the metric's unit. */
  medians: number[];
  /** The fixed cost of the line fixed + perRow × rows (bytes or ms). */
  fixed: number;
  /** The cost per row of that line (bytes or ms per row). */
  perRow: number;
  /** Quality of that line (R², 1 = perfect); null when it cannot be said (two sizes, a flat metric). */
  r2: number | null;
  /** k of the power law value ∝ rows^k fitted to the medians; null when a median is not positive. */
  exponent: number | null;
  /** With `--project-rows`: where the metric lands there; null otherwise. */
  projection: GrowthProjection | null;
  /**
   * Against `--memory-limit` (for `peakRssBytes`) or `--heap-limit` (for `peakHeapUsedBytes`):
   * `fits` when the band stays under the limit, `exceeds` when it is over, `unknown` when it
   * straddles it; null without a limit or for time metrics.
   */
  verdict: LimitVerdict | null;
  /** The limit judged against, in bytes; null without one. */
  limitBytes: number | null;
  /** For `exceeds` (and `unknown`): about how many rows reach the limit, by the fitted line; null when never. */
  limitReachedAtRows: number | null;
}

/** How a warm timing child ended. */
export type TimingStatus = 'ok' | 'verify-failed' | 'crashed' | 'timed-out';

/**
 * Warm timing of one scenario at one table size (`--timing`): after its cold runs, one more
 * child connected once ran the scenario's whole job again and again with tinybench, the
 * database brought back to its starting state between iterations outside the measured time.
 * The statistics are tinybench's own (latency of one iteration). Its memory is not measured.
 */
export interface TimingEntry {
  scenarioId: ScenarioId;
  workload: string;
  library: string;
  strategy: string;
  scenarioVersion: number;
  tableRows: number;
  status: TimingStatus;
  /** Measured iterations (warm-up ones excluded). */
  samples: number;
  /** Warm-up iterations run before measuring. */
  warmupIterations: number;
  /** tinybench's latency statistics of one iteration, in ms; null when nothing was measured. */
  meanMs: number | null;
  /** Standard deviation of the iterations, in ms. */
  sdMs: number | null;
  /** Margin of error: half-width of the 95 % confidence interval of the mean, in ms. */
  moeMs: number | null;
  /** Relative margin of error, in % of the mean. */
  rme: number | null;
  p50Ms: number | null;
  p75Ms: number | null;
  p99Ms: number | null;
  minMs: number | null;
  maxMs: number | null;
  /** Iterations per second (tinybench's throughput mean). */
  throughputPerSecond: number | null;
  /** Every measured iteration's time, in ms, ascending (as tinybench keeps them). */
  iterationsMs: number[];
  /** Queries each iteration sent, warm-up included, in order: the same for every iteration of a job done whole. */
  iterationQueries: number[];
  /**
   * Rows each iteration left done, as the reset before the next one found them (rows updated,
   * inserted or lines written), warm-up included, in order; the last iteration is checked by
   * {@link verify} instead.
   */
  iterationRows: number[];
  /** The time budget of this scenario's timing, in ms (`--timing-budget`). */
  budgetMs: number;
  /** True when the budget stopped the iterations before `--timing-iterations`. */
  budgetReached: boolean;
  /** The check after the last iteration. */
  verify: VerifyOutcome | null;
  failure?: RunFailure;
  /** Wall-clock time of the whole timing, database copy included, in ms (for shard planning); absent in older results. */
  durationMs?: number;
  /** The shard that made this timing; absent in an unsharded benchmark. */
  shard?: number;
}

export interface BenchmarkResults {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: 'rowmeter';
  context: BenchmarkContext;
  /** Every cell of the matrix, selected or not, supported or not. */
  scenarios: ScenarioInfo[];
  runs: RunResult[];
  /**
   * How each scenario's metrics grow with the rows: one entry per scenario with ok runs at two
   * sizes or more, and per metric of {@link GROWTH_METRICS}. Empty with one table size.
   */
  growth: GrowthEntry[];
  /** Warm timings (`--timing`), one per timed scenario and size; empty without `--timing`. */
  timings: TimingEntry[];
  /** Every budget of every scenario with one, per table size, judged on the medians. */
  budgets: BudgetVerdict[];
  /** How many runs each cell got at each size, and why (absent in older results). */
  repeats?: RepeatDecision[];
  /**
   * With `--versions`: every cell's variants against the first, per size, each figure's paired
   * difference with its 95 % interval (harness/compare/paired.ts); absent without.
   */
  variantComparisons?: VariantComparison[];
}

export function scenarioIdOf(workload: Workload, library: LibraryName, strategy: StrategyName): ScenarioId {
  return `${workload}/${library}/${strategy}`;
}

/** `pg/server-cursor` for `backfill/pg/server-cursor`: how a scenario reads within its workload. */
export function shortScenarioId(id: ScenarioId | string): string {
  // Conditions (`@1ms/100Mbit`) may hold slashes of their own: shorten the part before them.
  const at = id.indexOf('@');
  const base = at >= 0 ? id.slice(0, at) : id;
  const conditions = at >= 0 ? id.slice(at) : '';
  const slash = base.indexOf('/');
  return `${slash >= 0 && base.split('/').length === 3 ? base.slice(slash + 1) : base}${conditions}`;
}

/** A cell's coordinates, all that matrix order looks at. */
export interface MatrixPosition {
  workload: string;
  library: string;
  strategy: string;
}

const ALL_WORKLOADS: readonly string[] = ['backfill', 'export', 'import'];
const ALL_LIBRARIES: readonly string[] = LIBRARIES;

function rankOf(order: readonly string[], value: string): number {
  const index = order.indexOf(value);
  return index === -1 ? order.length : index;
}

/** Matrix order: by workload, then library, then the workload's strategy order; unknown values last. */
export function compareMatrixPositions(a: MatrixPosition, b: MatrixPosition): number {
  const strategies = (workload: string): readonly string[] => (STRATEGIES_BY_WORKLOAD as Record<string, readonly string[]>)[workload] ?? [];
  return (
    rankOf(ALL_WORKLOADS, a.workload) - rankOf(ALL_WORKLOADS, b.workload) ||
    rankOf(ALL_LIBRARIES, a.library) - rankOf(ALL_LIBRARIES, b.library) ||
    rankOf(strategies(a.workload), a.strategy) - rankOf(strategies(b.workload), b.strategy) ||
    (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0)
  );
}

/** Splits `workload/library/strategy`; null when the id does not have that form. */
export function parseScenarioId(id: string): MatrixPosition | null {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) return null;
  const [workload, library, strategy] = parts as [string, string, string];
  return { workload, library, strategy };
}

/** What a built-in cell's {@link ScenarioInfo} holds beyond its coordinates: its name, tags and rowmeter's own check. */
export function builtinScenarioFields(id: ScenarioId, workload: string, library: string, strategy: string): Pick<ScenarioInfo, 'name' | 'file' | 'params' | 'table' | 'tags' | 'verification' | 'budget'> {
  return { name: id, file: null, params: {}, table: 'rowmeter_rows', tags: { workload, library, strategy }, verification: 'harness', budget: null };
}

/** Fills the fields a results file older than schema 3 lacks (every scenario in it was a built-in cell). */
export function upgradeScenarioInfo(scenario: Omit<ScenarioInfo, keyof ReturnType<typeof builtinScenarioFields>> & Partial<ScenarioInfo>): ScenarioInfo {
  return { ...builtinScenarioFields(scenario.id, scenario.workload, scenario.library, scenario.strategy), ...scenario };
}

/** How a run reads: its status, except that an ok run nothing checked is `unverified` (never shown as verified). */
export function runStatusLabel(run: Pick<RunResult, 'status' | 'verify'>): RunStatus | 'unverified' {
  return run.status === 'ok' && run.verify === null ? 'unverified' : run.status;
}
