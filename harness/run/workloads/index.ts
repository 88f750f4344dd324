import type { Workload } from '../../results.js';
import { backfillWorkload } from './backfill.js';
import { exportWorkload } from './export.js';
import { importWorkload } from './import.js';
import type { WorkloadDefinition } from './types.js';

export type { RunTarget, WorkloadDefinition } from './types.js';

const DEFINITIONS: Record<Workload, WorkloadDefinition> = {
  backfill: backfillWorkload,
  export: exportWorkload,
  import: importWorkload,
};

/** The harness side of a workload (prepare, verify, cleanup). */
export function workloadDefinition(workload: Workload): WorkloadDefinition {
  const definition = DEFINITIONS[workload];
  if (!definition) throw new Error(`No workload definition for ${workload} (add harness/run/workloads/${workload}.ts)`);
  return definition;
}
