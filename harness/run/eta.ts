/**
 * How long the rest of a benchmark will take, from what it has measured so far. Pure: the plan
 * and the finished runs in, milliseconds out. Runs of different strategies differ by orders of
 * magnitude (a per-row full load against one set-based UPDATE), so the estimate goes run by run:
 * a run's own scenario at its own size when it ran before, else the same scenario at another size
 * scaled by the row count, else the average run at that size.
 */

/** One run of the plan: which scenario, at which table size. */
export interface PlannedRun {
  scenarioId: string;
  tableRows: number;
}

/** One finished run: how long it took from the start of its database copy to its drop. */
export interface FinishedRun extends PlannedRun {
  durationMs: number;
}

/** A table size still to be seeded. */
export interface PlannedSeed {
  rows: number;
}

export interface EtaInput {
  /** Runs not started yet (the running one included, as if it had just started). */
  remaining: readonly PlannedRun[];
  finished: readonly FinishedRun[];
  /** Templates still to seed (sizes not reached yet). */
  seeds: readonly PlannedSeed[];
  /** Rows per second of the seeding done so far (null when nothing was seeded, or it was reused). */
  seedRowsPerSecond: number | null;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Milliseconds one planned run should take, or null when nothing measured so far says. */
export function estimateRunMs(run: PlannedRun, finished: readonly FinishedRun[]): number | null {
  const sameScenario = finished.filter((done) => done.scenarioId === run.scenarioId);
  const sameSize = sameScenario.filter((done) => done.tableRows === run.tableRows);
  if (sameSize.length > 0) return mean(sameSize.map((done) => done.durationMs));
  if (sameScenario.length > 0) {
    // The largest size measured is the closest to linear behaviour at a bigger one.
    const largest = Math.max(...sameScenario.map((done) => done.tableRows));
    const atLargest = sameScenario.filter((done) => done.tableRows === largest).map((done) => done.durationMs);
    return (mean(atLargest) * run.tableRows) / largest;
  }
  const atSize = finished.filter((done) => done.tableRows === run.tableRows);
  if (atSize.length > 0) return mean(atSize.map((done) => done.durationMs));
  if (finished.length > 0) return mean(finished.map((done) => (done.durationMs * run.tableRows) / done.tableRows));
  return null;
}

/**
 * The time left, in milliseconds: every remaining run estimated by {@link estimateRunMs}, plus
 * every remaining seed at the rate seen so far (not counted while no seeding was seen, e.g. when
 * templates were reused). Null until every remaining run can be estimated.
 */
export function estimateRemainingMs(input: EtaInput): number | null {
  let total = 0;
  let known = false;
  for (const run of input.remaining) {
    const estimate = estimateRunMs(run, input.finished);
    if (estimate === null) return null;
    total += estimate;
    known = true;
  }
  // No seeding seen yet (the templates so far were reused): the seeds left are not counted.
  if (input.seedRowsPerSecond !== null && input.seedRowsPerSecond > 0) {
    for (const seed of input.seeds) total += (seed.rows / input.seedRowsPerSecond) * 1000;
  }
  return known || input.remaining.length === 0 ? total : null;
}
