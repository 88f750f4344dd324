/**
 * The built-in suite: rowmeter's own `scenarios/<workload>/<library>/<strategy>.rowmeter.ts`,
 * written with `defineScenario` like a user's and found by the same discovery (the shared core
 * of harness/config/discover.ts) over the compiled `dist/scenarios/**\/*.rowmeter.js`. What this
 * file adds is the matrix: every workload × library × strategy must have its cell.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD, WORKLOADS, scenarioIdOf, type LibraryName, type StrategyName, type Workload } from '../results.js';
import { discoverFiles, SEEDED_TABLE, type UserScenarioCell } from './discover.js';

/** The compiled built-in suite (`dist/scenarios`, beside `dist/harness`). */
export const BUILTIN_SCENARIOS_DIRECTORY = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** The glob the built-in suite is discovered with: the default scenario glob, compiled files only. */
export const BUILTIN_SCENARIO_GLOB = '**/*.rowmeter.js';

/** Where the compiled module of a cell lives: adding a cell is adding `scenarios/<workload>/<library>/<strategy>.rowmeter.ts`. */
export function builtinModulePath(workload: Workload, library: LibraryName, strategy: StrategyName): string {
  return join(BUILTIN_SCENARIOS_DIRECTORY, workload, library, `${strategy}.rowmeter.js`);
}

/** Every cell of the built-in suite, discovered as a user's scenarios are, in file order. */
export async function discoverBuiltin(): Promise<UserScenarioCell[]> {
  const files = await glob([BUILTIN_SCENARIO_GLOB], { cwd: BUILTIN_SCENARIOS_DIRECTORY, absolute: true });
  return discoverFiles({
    files: files.sort(),
    tables: new Set([SEEDED_TABLE]),
    directory: null,
    shownConfig: "rowmeter's built-in suite",
    cache: null,
    cwd: BUILTIN_SCENARIOS_DIRECTORY,
  });
}

/** A built-in cell's name must be its coordinates and its file must sit at them, as results and `--list` assume. */
function checkCoordinates(cell: UserScenarioCell): void {
  const { workload, library, strategy } = cell.tags;
  const expected = `${workload}/${library}/${strategy}`;
  const path = cell.modulePath.slice(BUILTIN_SCENARIOS_DIRECTORY.length);
  if (cell.name !== expected || cell.workload !== workload || path !== `${expected}.rowmeter.js`) {
    throw new Error(`${cell.modulePath} defines ${cell.name} (workload ${String(cell.workload)}, tags ${JSON.stringify(cell.tags)}), expected its name, workload and tags to match its path`);
  }
}

/**
 * Every cell of the workload × library × strategy matrix (of the given workloads and
 * libraries, selected by their tags), in matrix order. A missing cell is an error, not a gap:
 * every cell must say whether it is native, emulated or unsupported.
 */
export async function loadMatrix(workloads: readonly Workload[] = WORKLOADS, libraries: readonly LibraryName[] = LIBRARIES): Promise<UserScenarioCell[]> {
  const byId = new Map<string, UserScenarioCell>();
  for (const cell of await discoverBuiltin()) {
    checkCoordinates(cell);
    byId.set(cell.id, cell);
  }
  const cells: UserScenarioCell[] = [];
  const missing: string[] = [];
  for (const workload of workloads) {
    for (const library of libraries) {
      for (const strategy of STRATEGIES_BY_WORKLOAD[workload] as readonly StrategyName[]) {
        const id = scenarioIdOf(workload, library, strategy);
        const cell = byId.get(id);
        if (cell) cells.push(cell);
        else missing.push(id);
      }
    }
  }
  if (missing.length > 0) {
    throw new Error(`No scenario module for ${missing.join(', ')} (run \`npm run build\`, or add scenarios/<workload>/<library>/<strategy>.rowmeter.ts)`);
  }
  return cells;
}
