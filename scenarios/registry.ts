import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LIBRARIES,
  STRATEGIES_BY_WORKLOAD,
  WORKLOADS,
  scenarioIdOf,
  type LibraryName,
  type ScenarioId,
  type StrategyName,
  type Workload,
} from '../harness/results.js';
import type { ScenarioDefinition } from './types.js';

/** A cell of the matrix with the compiled module the child imports to run it. */
export interface RegisteredScenario {
  id: ScenarioId;
  definition: ScenarioDefinition;
  /** Absolute path of the compiled module (`scenarios/<workload>/<library>/<strategy>.js`). */
  modulePath: string;
}

const scenariosDirectory = dirname(fileURLToPath(import.meta.url));

/** Where the module for a cell lives: adding a scenario is adding this one file. */
export function scenarioModulePath(workload: Workload, library: LibraryName, strategy: StrategyName): string {
  return join(scenariosDirectory, workload, library, `${strategy}.js`);
}

/**
 * Loads every cell of the workload × library × strategy matrix (of the given workloads and
 * libraries). A missing module is an error, not a gap: every cell must say whether it is
 * native, emulated or unsupported.
 */
export async function loadMatrix(
  workloads: readonly Workload[] = WORKLOADS,
  libraries: readonly LibraryName[] = LIBRARIES,
): Promise<RegisteredScenario[]> {
  const cells: RegisteredScenario[] = [];
  const missing: string[] = [];
  for (const workload of workloads) {
    for (const library of libraries) {
      for (const strategy of STRATEGIES_BY_WORKLOAD[workload] as readonly StrategyName[]) {
        const modulePath = scenarioModulePath(workload, library, strategy);
        if (!existsSync(modulePath)) {
          missing.push(scenarioIdOf(workload, library, strategy));
          continue;
        }
        const { default: definition } = (await import(modulePath)) as { default: ScenarioDefinition };
        if (definition.workload !== workload || definition.library !== library || definition.strategy !== strategy) {
          throw new Error(
            `${modulePath} defines ${definition.workload}/${definition.library}/${definition.strategy}, expected ${scenarioIdOf(workload, library, strategy)}`,
          );
        }
        cells.push({ id: scenarioIdOf(workload, library, strategy), definition, modulePath });
      }
    }
  }
  if (missing.length > 0) {
    throw new Error(`No scenario module for ${missing.join(', ')} (run \`npm run build\`, or add scenarios/<workload>/<library>/<strategy>.ts)`);
  }
  return cells;
}
