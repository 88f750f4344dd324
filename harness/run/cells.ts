/**
 * What a benchmark runs: one list of cells, built-in and a user's alike, both discovered the
 * same way. A cell with a built-in `workload` is checked by that workload's harness hooks; any
 * other by its own `verify` in the child (or not at all: then its ok runs are unverified).
 */
import type { Budget } from '../api/index.js';
import { resolveBudget } from '../budget.js';
import type { UserScenarioCell } from '../config/discover.js';
import type { ResolvedBenchOptions } from '../config/options.js';
import { createRequire } from 'node:module';
import { conditionsSuffix, networkKey, variantSuffix, withoutVariant, type LibraryName, type RunConditions, type ScenarioInfo, type Verification } from '../results.js';

export { conditionsSuffix, networkKey };
import { cellId } from '../config/discover.js';
import { UsageError } from '../errors.js';
import { workloadDefinition, type WorkloadDefinition } from './workloads/index.js';

export interface BenchCell {
  info: ScenarioInfo;
  /** The plain JavaScript module the child imports. */
  modulePath: string;
  /** Built-in workload hooks (prepare, verify, cleanup, reset), from the scenario's `workload`; null for a job of its own. */
  workload: WorkloadDefinition | null;
  /** The child calls the scenario's own `verify` after `done`. */
  verifyInChild: boolean;
}

/** The selection flags a built-in cell's tags are matched against. */
export type Selection = Pick<ResolvedBenchOptions, 'workloads' | 'libraries' | 'strategies'>;

/** Whether `--workload`, `--libraries` and `--strategies` select a cell, by its tags. */
export function selectedBy(selection: Selection, tags: Record<string, string>): boolean {
  const has = (values: readonly string[], value: string | undefined): boolean => value !== undefined && values.includes(value);
  return has(selection.workloads, tags.workload) && has(selection.libraries, tags.library) && has(selection.strategies, tags.strategy);
}

/** Who checks a cell's runs: rowmeter for a built-in workload (never the scenario), else its own `verify`, else nobody. */
function verificationOf(cell: UserScenarioCell): Verification {
  if (cell.workload !== undefined) return 'harness';
  return cell.verifies ? 'scenario' : 'none';
}

/** A discovered cell's {@link ScenarioInfo}: grouped by its tags (workload `custom` and library `custom` when it has none). */
export function scenarioInfoOf(cell: UserScenarioCell, configBudget: Budget | undefined, selected = true): ScenarioInfo {
  const support = cell.support ?? 'native';
  return {
    id: cell.id,
    name: cell.name,
    file: cell.file,
    params: cell.params,
    table: cell.table,
    tags: cell.tags,
    verification: verificationOf(cell),
    budget: resolveBudget(configBudget, cell.budget),
    workload: cell.tags.workload ?? 'custom',
    library: cell.tags.library ?? 'custom',
    strategy: cell.tags.strategy ?? cell.id,
    version: cell.version,
    support,
    how: cell.description ?? (cell.file === null ? cell.name : `${cell.name} from ${cell.file}`),
    ...(support === 'unsupported' ? { unsupportedReason: cell.unsupportedReason ?? 'no reason given' } : {}),
    ...(cell.notes ? { notes: cell.notes } : {}),
    selected,
  };
}

/**
 * The one way a discovered scenario (built-in or a user's) becomes a cell of a benchmark: its
 * `workload` brings rowmeter's hooks, and only a scenario without one verifies itself in the child.
 */
export function cellOf(cell: UserScenarioCell, configBudget: Budget | undefined, selected = true): BenchCell {
  return {
    info: scenarioInfoOf(cell, configBudget, selected),
    modulePath: cell.modulePath,
    workload: cell.workload !== undefined ? workloadDefinition(cell.workload) : null,
    verifyInChild: cell.verifies && cell.workload === undefined,
  };
}

/** Whether a cell can feel `--sink-rate`: the built-in export (its file is the sink) and a user's own jobs (`ctx.createSink()`). */
export function takesSink(cell: BenchCell): boolean {
  return cell.info.workload === 'export' || cell.workload === null;
}

/** What a dimension sweep adds to a cell: a batch size (a param), a `--versions` variant and network conditions. */
function variantOf(cell: BenchCell, batchSize: number | null, variant: string | null, conditions: RunConditions): BenchCell {
  const params = batchSize === null ? cell.info.params : { ...cell.info.params, batchSize };
  const baseId = `${batchSize === null ? cell.info.id : cellId(cell.info.name, params)}${variantSuffix(variant ?? undefined)}`;
  const suffix = conditionsSuffix(conditions);
  const info: ScenarioInfo = { ...cell.info, id: `${baseId}${suffix}`, params };
  if (variant !== null) info.variant = variant;
  if (suffix !== '') Object.assign(info, { conditions, baseId });
  // A built-in cell's strategy names the cell in views; the batch size is part of what it is there.
  return { ...cell, info };
}

/**
 * The cells of a benchmark once its swept dimensions are laid out: with several `--batch-size`
 * values, every cell without a `batchSize` param of its own once per size (`id[batchSize=N]`);
 * with `--versions`, every cell once per variant, the variants next to each other (`id{old}`);
 * with `--latency` (and `--bandwidth`), every cell once per latency (`id@1ms`). Runs of
 * different variants never share an id, so growth, budgets, repeats and compare keep them apart.
 */
export function expandDimensions(cells: readonly BenchCell[], batchSizes: readonly number[], conditions: readonly RunConditions[], variants: readonly string[] = []): BenchCell[] {
  const labels = variants.length > 0 ? variants : [null];
  return cells.flatMap((cell) => {
    const sizes = batchSizes.length > 1 && cell.info.params.batchSize === undefined ? batchSizes : [null];
    // A sink rate means nothing to a cell that writes no output: it runs once, without it.
    const own = takesSink(cell) ? conditions : [...new Map(conditions.map((condition) => [networkKey(condition), { ...condition, sinkMBps: null }])).values()];
    // The variants of one cell side by side, so each round runs them back to back (interleaved).
    return own.flatMap((condition) => sizes.flatMap((size) => labels.map((label) => variantOf(cell, size, label, condition))));
  });
}

/** The conditions a benchmark sweeps: one per `--latency`, all with `--bandwidth` and `--sink-rate`. */
export function conditionsOf(options: Pick<ResolvedBenchOptions, 'latencies' | 'bandwidthMbit' | 'sinkMBps'>): RunConditions[] {
  return options.latencies.map((latencyMs) => ({ latencyMs, bandwidthMbit: options.bandwidthMbit, sinkMBps: options.sinkMBps }));
}

/**
 * The order of one round: the variants of each cell back to back, their order flipped every other
 * round (A B, then B A) so neither side always runs first after the other's leftovers.
 */
export function roundOrder(cells: readonly BenchCell[], round: number): BenchCell[] {
  const groups: BenchCell[][] = [];
  for (const cell of cells) {
    const last = groups.at(-1);
    if (last && cell.info.variant !== undefined && withoutVariant(last[0]!.info.id) === withoutVariant(cell.info.id)) last.push(cell);
    else groups.push([cell]);
  }
  return groups.flatMap((group) => (round % 2 === 0 ? [...group].reverse() : group));
}

/** Whether a planned cell runs: selected, and not unsupported (those are listed, never run). */
export function runnable(cell: BenchCell): boolean {
  return cell.info.selected && cell.info.support !== 'unsupported';
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
