/**
 * What a benchmark runs: one list of cells, built-in and a user's alike. A built-in cell is
 * checked by its workload's harness hooks; a user's by its own `verify` in the child (or not at
 * all: then its ok runs are unverified).
 */
import type { Budget } from '../api/index.js';
import { resolveBudget } from '../budget.js';
import type { UserScenarioCell } from '../config/discover.js';
import type { ResolvedBenchOptions } from '../options.js';
import { builtinScenarioFields, type ScenarioInfo, type Workload } from '../results.js';
import { workloadDefinition, type WorkloadDefinition } from '../workloads/index.js';
import type { RegisteredScenario } from '../../scenarios/registry.js';

export interface BenchCell {
  info: ScenarioInfo;
  /** The plain JavaScript module the child imports. */
  modulePath: string;
  /** Built-in workload hooks (prepare, verify, cleanup, reset); null for a user's scenario. */
  workload: WorkloadDefinition | null;
  /** The child calls the scenario's own `verify` after `done`. */
  verifyInChild: boolean;
}

/** A built-in cell's {@link ScenarioInfo}: its coordinates as tags, rowmeter's own check. */
export function scenarioInfoOf(cell: RegisteredScenario, options: Pick<ResolvedBenchOptions, 'workloads' | 'libraries' | 'strategies'>, budget: Budget | undefined = undefined): ScenarioInfo {
  const { definition } = cell;
  return {
    ...builtinScenarioFields(cell.id, definition.workload, definition.library, definition.strategy),
    budget: resolveBudget(budget, undefined),
    id: cell.id,
    workload: definition.workload,
    library: definition.library,
    strategy: definition.strategy,
    version: definition.version,
    support: definition.support,
    how: definition.how,
    ...(definition.support === 'unsupported' ? { unsupportedReason: definition.unsupportedReason } : {}),
    ...(definition.notes ? { notes: definition.notes } : {}),
    selected:
      options.workloads.includes(definition.workload) && options.libraries.includes(definition.library) && options.strategies.includes(definition.strategy),
  };
}

/** A built-in cell ready to run, or null when it is not selected or not supported. */
export function builtinCell(cell: RegisteredScenario, info: ScenarioInfo): BenchCell | null {
  if (!info.selected || cell.definition.support === 'unsupported') return null;
  return { info, modulePath: cell.modulePath, workload: workloadDefinition(info.workload as Workload), verifyInChild: false };
}

/** A user's scenario cell: grouped by its tags (workload `custom` and library `custom` when it has none). */
export function userScenarioInfo(cell: UserScenarioCell, configBudget: Budget | undefined): ScenarioInfo {
  return {
    id: cell.id,
    name: cell.name,
    file: cell.file,
    params: cell.params,
    table: cell.table,
    tags: cell.tags,
    verification: cell.verifies ? 'scenario' : 'none',
    budget: resolveBudget(configBudget, cell.budget),
    workload: cell.tags.workload ?? 'custom',
    library: cell.tags.library ?? 'custom',
    strategy: cell.tags.strategy ?? cell.id,
    version: cell.version,
    support: 'native',
    how: cell.description ?? `${cell.name} from ${cell.file}`,
    selected: true,
  };
}

export function userCell(cell: UserScenarioCell, configBudget: Budget | undefined): BenchCell {
  return { info: userScenarioInfo(cell, configBudget), modulePath: cell.modulePath, workload: null, verifyInChild: cell.verifies };
}
