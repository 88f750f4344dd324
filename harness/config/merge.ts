/**
 * Where an option comes from: a CLI flag overrides the config, the config overrides the
 * defaults (and `DATABASE_URL`: the config is rowmeter's own, the variable everybody's).
 * Each config value is checked by the same parser as its flag, and a bad one names the file
 * and the key.
 */
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { resolveBenchOptions, type RawBenchOptions } from './options.js';
import type { ValidConfig } from './schema.js';

/** Config keys that are bench options, and the flag (RawBenchOptions key) each one sets. */
const FLAG_OF = {
  rows: 'rows',
  repeat: 'repeat',
  databaseUrl: 'databaseUrl',
  out: 'out',
  workload: 'workload',
  libraries: 'libraries',
  strategies: 'strategies',
  batchSize: 'batchSize',
  latency: 'latency',
  bandwidth: 'bandwidth',
  sinkRate: 'sinkRate',
  variants: 'versions',
  payloadBytes: 'payloadBytes',
  pipelineDepth: 'pipelineDepth',
  interval: 'interval',
  timeout: 'timeout',
  memoryLimit: 'memoryLimit',
  heapLimit: 'heapLimit',
  projectRows: 'projectRows',
  timing: 'timing',
  timingIterations: 'timingIterations',
  timingBudget: 'timingBudget',
  baseline: 'baseline',
  history: 'history',
  durations: 'durations',
  maxMemoryRegression: 'maxMemoryRegression',
  maxTimeRegression: 'maxTimeRegression',
} as const satisfies Partial<Record<keyof ValidConfig, keyof RawBenchOptions>>;

/** Paths in the config are relative to the config's folder. */
const PATH_KEYS = new Set<string>(['out', 'baseline', 'history', 'durations']);

/** Where a flag's value came from, as commander says (`cli`, `env`, `default`, or undefined when absent). */
export type FlagSource = (flag: keyof RawBenchOptions) => string | undefined;

/** A config value in the string form its flag takes. */
function asFlagValue(key: string, value: unknown, directory: string): string | boolean {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(String).join(',');
  const text = String(value);
  return PATH_KEYS.has(key) && !isAbsolute(text) ? resolve(directory, text) : text;
}

/**
 * The flags with the config's values laid under them: a flag the user typed wins; a flag left
 * at its default (or `--database-url` from `DATABASE_URL`) takes the config's value.
 */
export function mergeConfig(flags: RawBenchOptions, source: FlagSource, config: ValidConfig, directory: string, shownConfig: string): RawBenchOptions {
  const merged: RawBenchOptions = { ...flags };
  for (const [key, flag] of Object.entries(FLAG_OF) as Array<[keyof typeof FLAG_OF, keyof RawBenchOptions]>) {
    const value = config[key];
    if (value === undefined) continue;
    const from = source(flag);
    if (from === 'cli') continue;
    const flagValue = asFlagValue(key, value, directory);
    try {
      // The same check as the flag's, alone, so the message can name the config's key.
      // (timing on, so its iterations and budget are parsed; the config's workloads, which its strategies belong to)
      const context: RawBenchOptions = { timing: true, ...(config.workload !== undefined ? { workload: [config.workload].flat().join(',') } : {}) };
      resolveBenchOptions({ ...context, [flag]: flagValue } as RawBenchOptions, {});
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${shownConfig}: ${key}: ${error.message.replace(/^Expected /, 'expected ')}`);
      throw error;
    }
    (merged as Record<string, unknown>)[flag] = flagValue;
  }
  return merged;
}
