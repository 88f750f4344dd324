/**
 * The built-in suite as the tests that run its cells in-process need it: each discovered cell
 * with its imported definition, and the public context a child would give its `setup`.
 */
import type { ScenarioContext, ScenarioDefinition } from '../../harness/api/index.js';
import { loadMatrix } from '../../harness/config/builtin.js';
import { createSink } from '../../harness/run/sink.js';
import type { UserScenarioCell } from '../../harness/config/discover.js';
import type { Workload } from '../../harness/results.js';

/** A discovered built-in cell and its module's default export. */
export interface LoadedCell {
  id: string;
  cell: UserScenarioCell;
  definition: ScenarioDefinition;
}

/** Every built-in cell of `workloads`, in matrix order, with its definition imported. */
export async function loadDefinitions(workloads: readonly Workload[]): Promise<LoadedCell[]> {
  const cells = await loadMatrix(workloads);
  return Promise.all(
    cells.map(async (cell) => ({ id: cell.id, cell, definition: ((await import(cell.modulePath)) as { default: ScenarioDefinition }).default })),
  );
}

/** The public context of a run on the built-in table, as the child builds it (no params, never aborted). */
export function builtinContext(
  values: Pick<ScenarioContext, 'databaseUrl' | 'rows' | 'batchSize' | 'payloadBytes' | 'outputPath' | 'pipelineDepth'> & Partial<Pick<ScenarioContext, 'rowsProcessed'>>,
): ScenarioContext {
  return {
    table: 'rowmeter_rows',
    params: {},
    signal: new AbortController().signal,
    counters: { query: () => undefined, connection: () => undefined },
    rowsProcessed: () => undefined,
    sinkBytesPerSecond: null,
    createSink: (options) => createSink(null, options),
    ...values,
  };
}
