/**
 * The result schema: the one contract between the runner (which writes it), the store
 * (`results.json`), the report renderers and `compare`. Every consumer reads these types;
 * nothing else is a source of truth. Bump {@link SCHEMA_VERSION} on any incompatible change
 * and teach `readResults` (harness/store.ts) to migrate or refuse the older shape.
 */

/** Version of the `results.json` layout. */
export const SCHEMA_VERSION = 1;

export const LIBRARIES = ['pg', 'knex', 'typeorm', 'prisma'] as const;
export type LibraryName = (typeof LIBRARIES)[number];

export const STRATEGIES = [
  'full-load',
  'iterator',
  'iterator-bulk',
  'paginator',
  'paginator-bulk',
  'server-cursor',
  'keyset',
  'narrow',
  'set-based',
] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** `library/strategy`, e.g. `pg/server-cursor`. */
export type ScenarioId = `${LibraryName}/${StrategyName}`;

/**
 * How a library does a strategy: with its own API (`native`), with the most faithful
 * equivalent because it has no such API (`emulated`, `how` says exactly what), or not at all.
 */
export type Support = 'native' | 'emulated' | 'unsupported';

/** One cell of the library × strategy matrix, as it was when the benchmark ran. */
export interface ScenarioInfo {
  id: ScenarioId;
  library: LibraryName;
  strategy: StrategyName;
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
 * - `verify-failed`: the child finished but at least one row is wrong or missing.
 * - `crashed`: the child exited non-zero, died of a signal, or reported an error.
 * - `timed-out`: the child ran past `--timeout` and was killed.
 * - `memory-exceeded`: the child's RSS passed `--memory-limit` and it was killed (like an OOM kill).
 */
export const RUN_STATUSES = ['ok', 'verify-failed', 'crashed', 'timed-out', 'memory-exceeded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface VerifyOutcome {
  /** Rows in the table after the run. */
  checkedRows: number;
  /** Rows whose `field` differs from the expected value (including rows never updated). */
  mismatches: number;
}

export interface RunFailure {
  /** One line: what went wrong. */
  message: string;
  exitCode?: number | null;
  signal?: string | null;
  /** Last lines the child wrote to stderr. */
  stderrTail?: string;
}

/**
 * One measured run: one fresh child process on one fresh copy of the seeded table.
 * Failed runs are data, not exceptions: they carry whatever was measured before they failed.
 */
export interface RunResult {
  scenarioId: ScenarioId;
  library: LibraryName;
  strategy: StrategyName;
  scenarioVersion: number;
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
  /** From spawn to exit of the child, in milliseconds. */
  wallMs: number;
  /** From `ready` (connected, idle) to `done`: the work itself, in milliseconds. */
  workMs: number | null;
  /** From `ready` to the first row handed to user code, in milliseconds. */
  firstRowMs: number | null;
  /** Calls of `pg.Client.prototype.query` during the work (a stream or cursor counts once). */
  queries: number | null;
  /** Connections the scenario opened (`pg.Client.prototype.connect` calls). */
  connections: number | null;
  verify: VerifyOutcome | null;
  failure?: RunFailure;
  events: PhaseEvent[];
  samples: RssSample[];
  heapSamples: HeapSample[];
}

/** The options a benchmark ran with, after normalisation (secrets removed). */
export interface BenchmarkOptions {
  rows: number;
  payloadBytes: number;
  batchSize: number;
  repeat: number;
  intervalMs: number;
  timeoutMs: number;
  /** RSS limit in bytes above which a child is killed, or null for none. */
  memoryLimitBytes: number | null;
  libraries: LibraryName[];
  strategies: StrategyName[];
  /** `embedded` when rowmeter started its own PostgreSQL, `url` when given a server. */
  database: 'embedded' | 'url';
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
  options: BenchmarkOptions;
  seed: SeedInfo | null;
  /** What one counted query means, and other notes a reader needs to compare fairly. */
  fairnessNotes: string[];
}

export interface BenchmarkResults {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: 'rowmeter';
  context: BenchmarkContext;
  /** Every cell of the matrix, selected or not, supported or not. */
  scenarios: ScenarioInfo[];
  runs: RunResult[];
}

export function scenarioIdOf(library: LibraryName, strategy: StrategyName): ScenarioId {
  return `${library}/${strategy}`;
}
