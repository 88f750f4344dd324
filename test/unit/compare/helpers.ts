import type { BenchmarkResults, LibraryName, RunResult, StrategyName } from '../../../harness/results.js';
import { makeResults, makeRun } from '../../support/fixtures.js';

export const MiB = 1024 * 1024;

export interface SideSpec {
  library?: LibraryName;
  strategy?: StrategyName;
  /** Peak RSS of each repeat, in MiB. */
  peaksMiB: Array<number | null>;
  /** Wall time of each repeat, in ms (200 each unless given). */
  wallsMs?: number[];
  /** Overrides for every run, or per repeat (index 0 = repeat 1). */
  each?: Partial<RunResult>;
  perRepeat?: Array<Partial<RunResult>>;
}

/** The runs of one scenario with the given peaks and wall times, one per repeat. */
export function scenarioRuns(spec: SideSpec): RunResult[] {
  return spec.peaksMiB.map((peak, index) =>
    makeRun({
      library: spec.library ?? 'pg',
      strategy: spec.strategy ?? 'server-cursor',
      repeat: index + 1,
      peakRssBytes: peak === null ? null : peak * MiB,
      wallMs: spec.wallsMs?.[index] ?? 200,
      ...spec.each,
      ...spec.perRepeat?.[index],
    }),
  );
}

/** Results of several scenarios. */
export function resultsOf(...specs: SideSpec[]): BenchmarkResults {
  return makeResults(specs.flatMap(scenarioRuns));
}
