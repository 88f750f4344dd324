import type { LibraryName, StrategyName, Workload } from '../harness/results.js';

/**
 * What the child gives a scenario. Everything the scenario needs, nothing it must not touch.
 */
export interface ScenarioContext {
  /** Connection string of this run's own fresh copy of the seeded database. */
  databaseUrl: string;
  /** Rows per batch, page, fetch or bulk update. */
  batchSize: number;
  /** Rows in the seeded table (for `import`: rows to insert, numbered 1..tableRows). */
  tableRows: number;
  /** `--payload-bytes` of the seed: what `import` passes to the seed generator. */
  payloadBytes: number;
  /** `export`: the file this run writes its NDJSON to (it does not exist yet); unused elsewhere. */
  outputPath: string;
  /** Most queries a `pipelined` scenario may have in flight (`--pipeline-depth`). */
  pipelineDepth: number;
  /**
   * For libraries that do not go through `pg` (postgres.js, with its own protocol code): report
   * each statement sent and each connection opened through the library's own hooks, so the
   * counts mean what `pg.Client#query` and `#connect` calls mean for the others.
   */
  counters: ScenarioCounters;
  /**
   * Tell the harness that `count` more rows were handed to user code and processed.
   * The first call marks time-to-first-row.
   */
  rowsProcessed(count: number): void;
}

/** Counting hooks a scenario calls when its library bypasses `pg` (the child counts `pg` itself). */
export interface ScenarioCounters {
  /** One statement sent to the server. */
  query(): void;
  /** One connection opened. */
  connection(): void;
}

/** A connected scenario, ready to work: `run` does the workload's job once, `close` releases connections. */
export interface ScenarioSession {
  run(): Promise<void>;
  close(): Promise<void>;
}

interface ScenarioBase {
  workload: Workload;
  library: LibraryName;
  strategy: StrategyName;
  /** Bump when what the scenario does changes, so older results are "not comparable". */
  version: number;
  /** One or two sentences: what the scenario does, as the report shows it. */
  how: string;
  /** Fairness notes specific to this cell. */
  notes?: string[];
}

export interface RunnableScenario extends ScenarioBase {
  support: 'native' | 'emulated';
  /**
   * Import the library and connect. Runs before the `ready` message, so its memory is the
   * idle baseline. Import libraries here (dynamically), never at module top level: the
   * parent imports every definition to list the matrix, and must not load every library.
   */
  setup(context: ScenarioContext): Promise<ScenarioSession>;
}

export interface UnsupportedScenario extends ScenarioBase {
  support: 'unsupported';
  unsupportedReason: string;
}

/** One cell of the workload × library × strategy matrix. A scenario module's default export. */
export type ScenarioDefinition = RunnableScenario | UnsupportedScenario;
