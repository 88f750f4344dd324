/**
 * rowmeter's public API: what a user's `rowmeter.config.ts` and `*.rowmeter.ts` scenario files
 * import. The ground floor of the project: it imports nothing of the runner, so loading it
 * (in the measured child, too) costs nothing, and the built-in scenarios stand on it exactly as
 * a user's do.
 *
 * ```ts
 * import { defineConfig, defineScenario, defineTable } from 'rowmeter';
 * ```
 *
 * @packageDocumentation
 */

import type { Writable } from 'node:stream';
import type { ColumnSpec } from './columns.js';

export type * from './columns.js';

/** A figure with its unit: bytes as `'160 MiB'`, `'2 GB'`, `'512 KiB'`; time as `'30 s'`, `'500 ms'`, `'2 min'`. */
export type Quantity = string;

/**
 * Limits a scenario must stay within, judged on the median of its repeats at each table size.
 * A scenario over its budget is not killed (that is `memoryLimit`): its runs stay `ok` with
 * their figures, the budget verdict is `exceeded`, and `rowmeter bench` exits with code 1.
 */
export interface Budget {
  /** Peak resident set size of the measured process (the kernel's high-water mark), e.g. `'160 MiB'`. */
  peakRss?: Quantity;
  /** Peak V8 `heapUsed` of the measured process, e.g. `'64 MiB'`. */
  peakHeap?: Quantity;
  /**
   * V8 heap still held after `run()` and `close()` and a full garbage collection, compared with
   * before `setup()`: what a job keeps (a module-level array of every row), e.g. `'8 MiB'`.
   */
  retained?: Quantity;
  /** Wall time of the measured process from spawn to exit, e.g. `'30 s'`. */
  wallTime?: Quantity;
}

/** A value of a scenario parameter (see {@link ScenarioDefinition.params}). */
export type ParamValue = string | number | boolean;

/** Hooks for counting what a library sends when it does not go through `pg` (which rowmeter counts itself). */
export interface ScenarioCounters {
  /** One statement sent to the server. */
  query(): void;
  /** One connection opened. */
  connection(): void;
}

/**
 * What a scenario gets in `setup` and `verify`: everything it needs, nothing it must not touch.
 * @typeParam P - the scenario's parameters, one value each for this cell.
 */
export interface ScenarioContext<P extends Record<string, ParamValue> = Record<string, ParamValue>> {
  /** Connection string of this run's own fresh copy of the database (never the user's own table). */
  databaseUrl: string;
  /** The table the scenario works on, as named in the config (`schema.table` or `table`). */
  table: string;
  /** Rows in the table for this run (`--rows`). */
  rows: number;
  /** Rows per batch, page or fetch (`--batch-size`, or the scenario's `batchSize` param). */
  batchSize: number;
  /** This cell's parameter values (empty without `params`). */
  params: P;
  /** Aborted when rowmeter stops the run (Ctrl-C, SIGTERM): stop early and return. */
  signal: AbortSignal;
  /**
   * Tell rowmeter that `count` more rows were processed: it feeds the progress bar, the time to
   * first row (the first call) and the memory-against-rows view.
   */
  rowsProcessed(count: number): void;
  /** A file path this run may write (it does not exist yet, and is removed after the run). */
  outputPath: string;
  /** `--pipeline-depth`: most queries a pipelined scenario may keep in flight. */
  pipelineDepth: number;
  /** `--payload-bytes` of the built-in seeded table. */
  payloadBytes: number;
  /** For libraries that bypass `pg`: count statements and connections through their own hooks. */
  counters: ScenarioCounters;
  /** `--sink-rate` in bytes per second; null without one (a sink then takes bytes as fast as they come). */
  sinkBytesPerSecond: number | null;
  /**
   * A writable standing for a slow consumer (an HTTP response, an upload): it takes bytes at
   * `--sink-rate` and pushes back as a socket does (`write()` returns false once 16 KiB wait,
   * `'drain'` follows). With `path`, what passes is written to that new file; else dropped.
   * Write your job's output here to see whether it honours backpressure (docs/network.md).
   */
  createSink(options?: { path?: string }): Writable;
}

/** A connected scenario: `run` is the measured job, `close` releases what `setup` opened (not measured). */
export interface ScenarioSession {
  run(): Promise<void>;
  close?(): Promise<void>;
}

/** What a verification found, when a scenario reports more than true/false. */
export interface VerifyReport {
  /** Rows (or lines) checked. */
  checkedRows: number;
  /** How many of them were wrong. */
  mismatches: number;
  /** One line on what was wrong. */
  detail?: string;
}

/**
 * rowmeter's built-in workloads on the seeded table `rowmeter_rows`: `backfill` (read every row,
 * compute a value from its JSON document, write it back), `export` (write every row to
 * `ctx.outputPath` as NDJSON `{"id":…,"data":…}` in id order), `import` (insert `ctx.rows` rows
 * into the emptied table).
 */
export type BuiltinWorkload = 'backfill' | 'export' | 'import';

/**
 * How a library does what a scenario asks: with its own API (`native`), with the most faithful
 * equivalent because it has no such API (`emulated`: the description says what replaces it), or
 * not at all (`unsupported`: listed with its reason, never run).
 */
export type Support = 'native' | 'emulated' | 'unsupported';

/**
 * One scenario: a job measured in its own process on its own fresh copy of its table.
 * Add to this shape, never rename it: it is the contract with users' files.
 */
export interface ScenarioDefinition<P extends Record<string, ParamValue> = Record<string, ParamValue>> {
  /** Unique among the scenarios of a benchmark; the scenario id in results starts with it. */
  name: string;
  /** A table of the config (its `name`). */
  table: string;
  /** One or two sentences: what the job does, as the report shows it. */
  description?: string;
  /** Free grouping for report and compare, e.g. `{ library: 'knex', strategy: 'stream' }`. */
  tags?: Record<string, string>;
  /**
   * Values to sweep: one cell per combination, named with its values, as asv's `params`
   * (`{ batchSize: [500, 5000] }` gives `name[batchSize=500]` and `name[batchSize=5000]`).
   * A `batchSize` param also sets `ctx.batchSize`.
   */
  params?: { [K in keyof P]: readonly P[K][] };
  /** Limits for this scenario, merged over the config's `budget`. */
  budget?: Budget;
  /** Bump when what the job does changes, so an older baseline says "not comparable". Default 1. */
  version?: number;
  /**
   * This scenario does rowmeter's built-in workload on the seeded table `rowmeter_rows` (so
   * `table` must be `'rowmeter_rows'`): rowmeter prepares each run, verifies it independently of
   * the scenario (in the parent, whatever library does the work) and resets it for warm timing
   * (`--timing`). Lets you measure your own library on the built-in workload; the built-in
   * suite's cells all set it. A scenario with `workload` is verified by rowmeter, not by its own
   * `verify`.
   */
  workload?: BuiltinWorkload;
  /** How the library does the job (default `native`); `unsupported` needs {@link ScenarioDefinition.unsupportedReason}. */
  support?: Support;
  /** Why the library cannot do this job, shown in the matrix and report; only with `support: 'unsupported'`. */
  unsupportedReason?: string;
  /** Fairness notes the report shows with this scenario, e.g. "typeorm fixes its stream batch at 100 rows". */
  notes?: string[];
  /**
   * Prepare outside the measured window (import the library, connect) and return the job.
   * Import libraries here (dynamically), never at module top level: discovery imports every
   * scenario file to list it. An `unsupported` scenario's `setup` throws, saying why; it is
   * never called.
   */
  setup(context: ScenarioContext<P>): Promise<ScenarioSession>;
  /**
   * Optional check after the run, outside the measured window: return true, false, a
   * {@link VerifyReport}, or throw. Without it, an ok run is shown **unverified**.
   */
  verify?(context: ScenarioContext<P>): Promise<boolean | VerifyReport> | boolean | VerifyReport;
}

/** A table to measure on. */
export interface TableDefinition {
  /**
   * The table's name (`accounts` or `schema.accounts`). Scenarios name it in `table`; runs see
   * a copy with the same name in their own database.
   */
  name: string;
  /**
   * True: the table exists on the server of `databaseUrl`. rowmeter never writes to it: it
   * copies its definition and its first `--rows` rows by primary key into a `rowmeter_`
   * template database once, and every run gets its own fresh copy of that.
   */
  existing?: boolean;
  /**
   * The built-in seeded table (`rowmeter_rows`: `id`, a JSONB `data` document, `field`),
   * generated at any `--rows` with documents of about `--payload-bytes`.
   */
  seeded?: 'rowmeter';
  /**
   * A table rowmeter generates at any `--rows`, deterministically (the same definition gives
   * byte-identical rows on every machine), column by column in this order
   * (docs/tables.md). Generated into a `rowmeter_` template database: nothing of the user's is touched.
   */
  columns?: Record<string, ColumnSpec>;
  /** The primary key of a generated table: a column, or several. Its values are unique, and ascending with the rows unless its `correlation` says otherwise. Built after loading. */
  primaryKey?: string | string[];
  /** More b-tree indexes on a generated table, each a column or a list of columns, built after loading. */
  indexes?: Array<string | string[]>;
  /** Varies a generated table's values: another seed, other rows of the same shape. Default 0. */
  seed?: number;
  /**
   * The row count this table stands for (a twin's source table). Recorded, not generated:
   * `--rows` decides how many rows a benchmark generates.
   */
  rows?: number;
}

/**
 * Every option of `rowmeter bench`, as a config file gives it. A CLI flag overrides the
 * config; the config overrides the defaults; `results.json` records what was resolved.
 */
export interface RowmeterConfig {
  /** Tables the scenarios use. The built-in seeded table `rowmeter_rows` is always there. */
  tables?: TableDefinition[];
  /** Globs of scenario files, relative to the config's folder. Default `**\/*.rowmeter.{ts,mts,js,mjs}` (never in node_modules). */
  scenarios?: string | string[];
  /** Also run the built-in suite's cells (default: only when the config selects no scenario files). */
  builtin?: boolean;
  /** Table size(s): `50000`, `'50k'`, `[10000, '1M']`. */
  rows?: number | string | Array<number | string>;
  /**
   * Runs per scenario and size: a number is exact; `'auto'` (the default) runs 2, and a 3rd
   * when their peak RSS differ by more than 3 %.
   */
  repeat?: number | 'auto';
  /** Default budget of every scenario (a scenario's own merges over it). */
  budget?: Budget;
  /** The server to use; default `$DATABASE_URL`, else an embedded PostgreSQL. */
  databaseUrl?: string;
  /** Output folder, relative to the config's folder. */
  out?: string;
  /** Built-in workloads: `backfill`, `export`, `import`. */
  workload?: string | string[];
  /** Built-in libraries to run. */
  libraries?: string | string[];
  /** Built-in strategies to run. */
  strategies?: string | string[];
  /**
   * Rows per batch (`ctx.batchSize`). Default 1000. A list (`[100, 1000, 10000]`) runs every
   * scenario without a `batchSize` param of its own once per size, as `name[batchSize=N]`.
   */
  batchSize?: number | number[];
  /**
   * Round trip put between every measured process and the database, in ms (`--latency`): one
   * (`1`) or a list swept like `rows` (`[0, 1, 5]`). Default 0: the database as it is.
   */
  latency?: number | number[];
  /** Bandwidth of that network in Mbit/s (`--bandwidth`). Default: no limit. */
  bandwidth?: number;
  /**
   * Library versions to run side by side (`--versions`): each `[label=]package@version`, several
   * packages joined by `+` (`['old=pg@8.11.3', 'new=pg@8.23.1']`). Every scenario runs once per
   * variant, interleaved, and every difference gets a confidence interval.
   */
  variants?: string[];
  /** A slow consumer in MB/s (`--sink-rate`): the built-in export's file and `ctx.createSink()` take bytes at this rate. */
  sinkRate?: number;
  /** `--payload-bytes` of the built-in seeded table. Default 1024. */
  payloadBytes?: number;
  /** `--pipeline-depth`. Default 256. */
  pipelineDepth?: number;
  /** Memory sampling period in ms. Default 10. */
  interval?: number;
  /** Kill a run still going after this many seconds. Default 600. */
  timeout?: number;
  /** Kill a run whose RSS passes this many MiB (status `memory-exceeded`). */
  memoryLimit?: number;
  /** `--max-old-space-size` of every measured process, in MiB. */
  heapLimit?: number;
  /** Project every metric to this many rows (`'10M'`). */
  projectRows?: number | string;
  /** Warm timing with tinybench after the cold runs. */
  timing?: boolean;
  timingIterations?: number;
  /** Seconds. */
  timingBudget?: number;
  /** A results.json to compare against (exit 1 on a regression). */
  baseline?: string;
  /** A history file to append medians to. */
  history?: string;
  /** A durations file (written by every benchmark as durations.json) to balance `--shard` by. */
  durations?: string;
  /** Percent. Default 10. */
  maxMemoryRegression?: number;
  /** Percent. Default 25. */
  maxTimeRegression?: number;
}

/** Types a config and returns it unchanged: `export default defineConfig({...})`. */
export function defineConfig(config: RowmeterConfig): RowmeterConfig {
  return config;
}

/** Types a scenario and returns it unchanged: `export default defineScenario({...})`. */
export function defineScenario<P extends Record<string, ParamValue> = Record<string, ParamValue>>(
  scenario: ScenarioDefinition<P>,
): ScenarioDefinition<P> {
  return scenario;
}

/** Types a table and returns it unchanged. */
export function defineTable(table: TableDefinition): TableDefinition {
  return table;
}
