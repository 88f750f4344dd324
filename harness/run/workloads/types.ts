import type pg from 'pg';
import type { VerifyOutcome, Workload } from '../../results.js';

/** One run's own database and files, as the harness hands them to a workload's hooks. */
export interface RunTarget {
  /** URL of the run's fresh copy of the seeded template. */
  databaseUrl: string;
  /** Rows in the seeded table (for `import`: rows the run must insert). */
  tableRows: number;
  payloadBytes: number;
  /** `export`: the NDJSON file the run writes (removed by `cleanup`). */
  outputPath: string;
}

/**
 * The harness's side of a workload: what happens around every run of it, outside the measured
 * child. Adding a workload is a folder of scenarios (`scenarios/<workload>/`) plus one of these.
 */
export interface WorkloadDefinition {
  name: Workload;
  /** One sentence: what every run of this workload does (shown in the report). */
  description: string;
  /** Runs before the child starts, outside the measured time (e.g. create the import target). */
  prepare(target: RunTarget): Promise<void>;
  /**
   * Checks the run's result independently of the scenario's code. Never trusts what the child
   * reported: a wrong, missing or extra row, line or document is a mismatch.
   */
  verify(target: RunTarget): Promise<VerifyOutcome>;
  /** Removes what the run left outside its database (its export file); the database is dropped by the caller. */
  cleanup(target: RunTarget): Promise<void>;
  /**
   * Warm timing: brings the run's database (and files) back to the state before the job, on
   * `client` (connected to the run's database), outside the measured time. Returns how many
   * rows the previous iteration left done (updated, inserted, written), which proves that each
   * iteration did the whole job; 0 before the first.
   */
  reset(client: pg.Client, target: RunTarget): Promise<number>;
}
