/**
 * Discovery: the scenario files a config selects (globs, `node_modules` never searched), each
 * loaded, validated and expanded into one cell per combination of its `params`, as asv does.
 * Everything here runs before a database is touched, so a bad file costs one line and exit 2.
 */
import { glob } from 'tinyglobby';
import type { Budget, ParamValue } from '../api/index.js';
import { UsageError } from '../errors.js';
import { displayPath, type LoadedConfig } from './load.js';
import { importUserModule, type ModuleCache } from './module.js';
import { check, scenarioSchema } from './schema.js';

/** Scenario files found when the config gives no `scenarios`. */
export const DEFAULT_SCENARIO_GLOBS = ['**/*.rowmeter.{ts,mts,js,mjs}'];

/** The built-in seeded table, always available to scenarios. */
export const SEEDED_TABLE = 'rowmeter_rows';

/** One cell of a user's scenario: the scenario with one value for each of its params. */
export interface UserScenarioCell {
  /** `name`, or `name[batchSize=500,mode=fast]` for a cell of a parametrised scenario. */
  id: string;
  name: string;
  /** The scenario's file, relative to the config's folder. */
  file: string;
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
  const definedIn = new Map<string, string>();
  const cells: UserScenarioCell[] = [];
  for (const file of files) {
    const shown = displayPath(file, cwd);
    const { exported, plainPath: modulePath } = await importUserModule(file, cache, shown);
    const checked = check(scenarioSchema, exported);
    if ('problem' in checked) throw new UsageError(`${shown}: ${checked.problem}`);
    const scenario = checked.output;
    if (!tables.has(scenario.table)) {
      throw new UsageError(`${shown}: table ${JSON.stringify(scenario.table)} is not a table of ${shownConfig} (tables: ${[...tables].join(', ')})`);
    }
    const earlier = definedIn.get(scenario.name);
    if (earlier !== undefined) throw new UsageError(`${shown}: name ${JSON.stringify(scenario.name)} is already the name of the scenario in ${earlier}`);
    definedIn.set(scenario.name, shown);
    for (const params of expandParams(scenario.params ?? {})) {
      cells.push({
        id: cellId(scenario.name, params),
        name: scenario.name,
        file: displayPath(file, loaded.directory),
        modulePath,
        params,
        table: scenario.table,
        tags: scenario.tags ?? {},
        description: scenario.description ?? null,
        budget: scenario.budget ?? {},
        version: scenario.version ?? 1,
        verifies: scenario.verify !== undefined,
      });
    }
  }
  return cells;
}
