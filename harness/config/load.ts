/**
 * Finding and loading a user's `rowmeter.config.ts` (or `.mts`, `.js`, `.mjs`). TypeScript is
 * bundled to plain JavaScript with esbuild (packages left external, so the user's own versions
 * of their libraries are the ones imported), the way vite loads its config.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { check, configSchema, type ValidConfig } from './schema.js';
import { importUserModule, type ModuleCache } from './module.js';

/** Looked for in this order in the working directory. */
export const CONFIG_FILES = ['rowmeter.config.ts', 'rowmeter.config.mts', 'rowmeter.config.js', 'rowmeter.config.mjs'] as const;

export interface LoadedConfig {
  /** Absolute path of the config file; null when none was found (the built-in suite then runs alone). */
  file: string | null;
  /** Where relative paths of the config (scenario globs, `out`) start: the config's folder, else the working directory. */
  directory: string;
  config: ValidConfig;
}

/** `--config FILE` (must exist), else the first of {@link CONFIG_FILES} in `cwd`, else null. */
export function findConfigFile(cwd: string, explicit?: string): string | null {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new UsageError(`--config ${explicit}: no such file`);
    if (!statSync(file).isFile()) throw new UsageError(`--config ${explicit}: not a file`);
    return file;
  }
  for (const name of CONFIG_FILES) {
    const file = resolve(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** A path as the user knows it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const shown = relative(cwd, file);
  return shown.startsWith('..') || shown === '' ? file : shown;
}

/**
 * Loads and validates the config. Every problem (the file does not compile, throws, exports
 * nothing, has an unknown key or a wrong type) is a {@link UsageError} naming the file and key.
 */
export async function loadConfig(cwd: string, cache: ModuleCache, explicit?: string): Promise<LoadedConfig> {
  const file = findConfigFile(cwd, explicit);
  if (file === null) return { file: null, directory: cwd, config: {} };
  const shown = displayPath(file, cwd);
  const { exported } = await importUserModule(file, cache, shown);
  if (exported === undefined || exported === null || typeof exported !== 'object') {
    throw new UsageError(`${shown}: the default export must be the config object (export default defineConfig({ … }))`);
  }
  const checked = check(configSchema, exported);
  if ('problem' in checked) throw new UsageError(`${shown}: ${checked.problem}`);
  return { file, directory: dirname(file), config: checked.output };
}
