/**
 * Discovery: the scenario files a config selects (globs, `node_modules` never searched), each
 * loaded, validated and expanded into one cell per combination of its `params`, as asv does.
 * Everything here runs before a database is touched, so a bad file costs one line and exit 2.
 */
import { glob } from 'tinyglobby';
import type { Budget, BuiltinWorkload, ParamValue, Support } from '../api/index.js';
import { UsageError } from '../errors.js';
import { displayPath, type LoadedConfig } from './load.js';
import { importUserModule, type ModuleCache } from './module.js';
import { check, scenarioSchema, type ValidScenario } from './schema.js';

/** Scenario files found when the config gives no `scenarios`. */
export const DEFAULT_SCENARIO_GLOBS = ['**/*.rowmeter.{ts,mts,js,mjs}'];

/** The built-in seeded table, always available to scenarios. */
export const SEEDED_TABLE = 'rowmeter_rows';

/**
 * One cell of a discovered scenario (a user's, or one of the built-in suite's): the scenario with
 * one value for each of its params.
 */
export interface UserScenarioCell {
  /** `name`, or `name[batchSize=500,mode=fast]` for a cell of a parametrised scenario. */
  id: string;
  name: string;
  /** The scenario's file, relative to the config's folder; null for a built-in cell (it has no config). */
  file: string | null;
  /** Plain JavaScript the child imports (the file itself, or its bundle). */
  modulePath: string;
  params: Record<string, ParamValue>;
  table: string;
  tags: Record<string, string>;
  description: string | null;
  /** The scenario's own budget (not yet merged with the config's). */
  budget: Budget;
  version: number;
  /** Whether the scenario checks its own work (`verify`); without it, ok runs are "unverified". */
  verifies: boolean;
  /** The built-in workload it does (rowmeter prepares, verifies and resets its runs); absent for a job of its own. */
  workload?: BuiltinWorkload;
  /** Absent means `native`. */
  support?: Support;
  /** Why it is unsupported (only with `support: 'unsupported'`). */
  unsupportedReason?: string;
  notes?: string[];
}

/** Where the files to discover come from, and what their cells may name. */
export interface DiscoverySource {
  /** Absolute paths of the scenario files, in the order their cells are listed. */
  files: readonly string[];
  /** The tables a scenario may name. */
  tables: ReadonlySet<string>;
  /** The folder a cell's `file` is relative to; null for the built-in suite (its cells have no file). */
  directory: string | null;
  /** How messages name the config (or the suite) the tables belong to. */
  shownConfig: string;
  /** Bundles TypeScript; null when every file is plain JavaScript (rowmeter's compiled suite). */
  cache: ModuleCache | null;
  /** The folder messages show paths relative to. */
  cwd: string;
}

/** Every combination of the params' values, in declaration order (the last param varies fastest). */
export function expandParams(params: Record<string, readonly ParamValue[]>): Array<Record<string, ParamValue>> {
  let combinations: Array<Record<string, ParamValue>> = [{}];
  for (const [key, values] of Object.entries(params)) {
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
  }
  return combinations;
}

/** `name[batchSize=500,mode=fast]`, or `name` without params. */
export function cellId(name: string, params: Record<string, ParamValue>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? name : `${name}[${entries.map(([key, value]) => `${key}=${String(value)}`).join(',')}]`;
}

/** The files the config's globs select, sorted; a glob set that matches nothing is an error. */
export async function findScenarioFiles(loaded: LoadedConfig, shownConfig: string): Promise<string[]> {
  const patterns = loaded.config.scenarios === undefined ? DEFAULT_SCENARIO_GLOBS : [loaded.config.scenarios].flat();
  const files = await glob(patterns, { cwd: loaded.directory, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] });
  if (files.length === 0) {
    const key = loaded.config.scenarios === undefined ? `no scenario file matches ${DEFAULT_SCENARIO_GLOBS.join(', ')}` : `scenarios ${JSON.stringify(loaded.config.scenarios)} matches no file`;
    throw new UsageError(`${shownConfig}: ${key} (in ${loaded.directory})`);
  }
  return files.sort();
}

/**
 * Loads every selected scenario file and expands it into cells. Checks, each a one-line
 * {@link UsageError} naming the file and key: the default export's shape, its table being one
 * of the config's, and every name unique.
 */
export async function discoverScenarios(loaded: LoadedConfig, cache: ModuleCache, shownConfig: string, cwd = process.cwd()): Promise<UserScenarioCell[]> {
  const tables = new Set([SEEDED_TABLE, ...(loaded.config.tables ?? []).map((table) => table.name)]);
  const files = await findScenarioFiles(loaded, shownConfig);
  return discoverFiles({ files, tables, directory: loaded.directory, shownConfig, cache, cwd });
}

/** What one file's default export must say beyond its shape: a real table, and coherent support and workload keys. */
function checkScenario(scenario: ValidScenario, source: DiscoverySource): string | null {
  if (!source.tables.has(scenario.table)) return `table ${JSON.stringify(scenario.table)} is not a table of ${source.shownConfig} (tables: ${[...source.tables].join(', ')})`;
  // A built-in workload is prepared, verified and reset on the seeded table only.
  if (scenario.workload !== undefined && scenario.table !== SEEDED_TABLE) return `workload ${JSON.stringify(scenario.workload)} runs on table "${SEEDED_TABLE}", not ${JSON.stringify(scenario.table)}`;
  const unsupported = scenario.support === 'unsupported';
  if (unsupported && scenario.unsupportedReason === undefined) return 'unsupportedReason is required with support "unsupported" (say why)';
  if (!unsupported && scenario.unsupportedReason !== undefined) return 'unsupportedReason is only for support "unsupported"';
  return null;
}

/** One cell per combination of the scenario's params. */
function cellsOf(scenario: ValidScenario, file: string | null, modulePath: string): UserScenarioCell[] {
  return expandParams(scenario.params ?? {}).map((params) => ({
    id: cellId(scenario.name, params),
    name: scenario.name,
    file,
    modulePath,
    params,
    table: scenario.table,
    tags: scenario.tags ?? {},
    description: scenario.description ?? null,
    budget: scenario.budget ?? {},
    version: scenario.version ?? 1,
    verifies: scenario.verify !== undefined,
    ...(scenario.workload !== undefined ? { workload: scenario.workload } : {}),
    ...(scenario.support !== undefined ? { support: scenario.support } : {}),
    ...(scenario.unsupportedReason !== undefined ? { unsupportedReason: scenario.unsupportedReason } : {}),
    ...(scenario.notes !== undefined ? { notes: scenario.notes } : {}),
  }));
}

/**
 * The core of discovery, shared by a user's project and the built-in suite: imports each file,
 * validates its default export and expands it into cells, in the order of `files`.
 */
export async function discoverFiles(source: DiscoverySource): Promise<UserScenarioCell[]> {
  const definedIn = new Map<string, string>();
  const cells: UserScenarioCell[] = [];
  for (const file of source.files) {
    const shown = displayPath(file, source.cwd);
    const { exported, plainPath } = await importUserModule(file, source.cache, shown);
    const checked = check(scenarioSchema, exported);
    if ('problem' in checked) throw new UsageError(`${shown}: ${checked.problem}`);
    const scenario = checked.output;
    const problem = checkScenario(scenario, source);
    if (problem !== null) throw new UsageError(`${shown}: ${problem}`);
    const earlier = definedIn.get(scenario.name);
    if (earlier !== undefined) throw new UsageError(`${shown}: name ${JSON.stringify(scenario.name)} is already the name of the scenario in ${earlier}`);
    definedIn.set(scenario.name, shown);
    cells.push(...cellsOf(scenario, source.directory === null ? null : displayPath(file, source.directory), plainPath));
  }
  return cells;
}
