/**
 * What a benchmark runs: one list of cells, built-in and a user's alike. A built-in cell is
 * checked by its workload's harness hooks; a user's by its own `verify` in the child (or not at
 * all: then its ok runs are unverified).
 */
import type { Budget } from '../api/index.js';
import { resolveBudget } from '../budget.js';
import type { UserScenarioCell } from '../config/discover.js';
import type { ResolvedBenchOptions } from '../options.js';
import { createRequire } from 'node:module';
import { builtinScenarioFields, type LibraryName, type ScenarioInfo, type Workload } from '../results.js';
import { UsageError } from '../errors.js';
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

/** The packages a built-in library's cells import (besides `pg`, which rowmeter needs anyway). */
export const PACKAGES_OF_LIBRARY: Record<LibraryName, readonly string[]> = {
  pg: ['pg'],
  knex: ['knex'],
  typeorm: ['typeorm'],
  prisma: ['@prisma/client', '@prisma/adapter-pg'],
  'postgres-js': ['postgres'],
  drizzle: ['drizzle-orm'],
  kysely: ['kysely'],
  sequelize: ['sequelize'],
};

/** Whether `name` resolves from the built-in scenarios' folder, the way their imports will. */
function resolvable(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    try {
      createRequire(import.meta.url).resolve(name);
      return true;
    } catch {
      return false;
    }
  }
}

/** The packages a library's built-in cells need that are not installed (the user's own versions are used). */
export function missingPackages(library: LibraryName, isInstalled: (name: string) => boolean = resolvable): string[] {
  return PACKAGES_OF_LIBRARY[library].filter((name) => !isInstalled(name));
}

/**
 * The built-in libraries that can run here: a library asked for by name that is not installed is
 * a one-line error; of the default "all", the missing ones are skipped and said in one line.
 */
export function installedLibraries(
  libraries: readonly LibraryName[],
  given: boolean,
  isInstalled: (name: string) => boolean = resolvable,
): { libraries: LibraryName[]; skipped: string | null } {
  const missing = libraries.map((library) => ({ library, packages: missingPackages(library, isInstalled) })).filter((entry) => entry.packages.length > 0);
  if (missing.length === 0) return { libraries: [...libraries], skipped: null };
  const install = `npm i -D ${missing.flatMap((entry) => entry.packages).join(' ')}`;
  if (given) throw new UsageError(`--libraries ${missing.map((entry) => entry.library).join(',')}: not installed in this project (${install})`);
  return {
    libraries: libraries.filter((library) => !missing.some((entry) => entry.library === library)),
    skipped: `Built-in cells of ${missing.map((entry) => entry.library).join(', ')} skipped: not installed (to measure them: ${install})`,
  };
}
