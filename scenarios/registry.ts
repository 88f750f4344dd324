import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIBRARIES, STRATEGIES, scenarioIdOf, type LibraryName, type ScenarioId, type StrategyName } from '../harness/results.js';
import type { ScenarioDefinition } from './types.js';

/** A cell of the matrix with the compiled module the child imports to run it. */
export interface RegisteredScenario {
  id: ScenarioId;
  definition: ScenarioDefinition;
  /** Absolute path of the compiled module (`scenarios/<library>/<strategy>.js`). */
  modulePath: string;
}

const scenariosDirectory = dirname(fileURLToPath(import.meta.url));

/** Where the module for a cell lives: adding a scenario is adding this one file. */
export function scenarioModulePath(library: LibraryName, strategy: StrategyName): string {
  return join(scenariosDirectory, library, `${strategy}.js`);
}

/**
 * Loads every cell of the library × strategy matrix (of the given libraries). A missing module
 * is an error, not a gap: every cell must say whether it is native, emulated or unsupported.
 */
export async function loadMatrix(libraries: readonly LibraryName[] = LIBRARIES): Promise<RegisteredScenario[]> {
  const cells: RegisteredScenario[] = [];
  const missing: string[] = [];
  for (const library of libraries) {
    for (const strategy of STRATEGIES) {
      const modulePath = scenarioModulePath(library, strategy);
      if (!existsSync(modulePath)) {
        missing.push(`${library}/${strategy}`);
        continue;
      }
      const { default: definition } = (await import(modulePath)) as { default: ScenarioDefinition };
      if (definition.library !== library || definition.strategy !== strategy) {
        throw new Error(`${modulePath} defines ${definition.library}/${definition.strategy}, expected ${library}/${strategy}`);
      }
      cells.push({ id: scenarioIdOf(library, strategy), definition, modulePath });
    }
  }
  if (missing.length > 0) {
    throw new Error(`No scenario module for ${missing.join(', ')} (run \`npm run build\`, or add scenarios/<library>/<strategy>.ts)`);
  }
  return cells;
}
