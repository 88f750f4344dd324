import { LIBRARIES, STRATEGIES, type BenchmarkOptions, type LibraryName, type StrategyName } from './results.js';
import { UsageError } from './errors.js';
import { parseDatabaseUrl } from './database.js';

/** The `bench` flags as commander hands them over: strings, or undefined when not given. */
export interface RawBenchOptions {
  rows?: string;
  payloadBytes?: string;
  batchSize?: string;
  repeat?: string;
  interval?: string;
  timeout?: string;
  memoryLimit?: string;
  libraries?: string;
  strategies?: string;
  databaseUrl?: string;
  out?: string;
  baseline?: string;
  history?: string;
  maxMemoryRegression?: string;
  maxTimeRegression?: string;
}

/** Options resolved once, validated, with defaults applied; the rest of the code trusts them. */
export interface ResolvedBenchOptions extends BenchmarkOptions {
  /** From `--database-url` or `DATABASE_URL`; null starts the embedded server. */
  databaseUrl: string | null;
  /** Output folder, or null for a new folder under `reports/`. */
  outDir: string | null;
  baselinePath: string | null;
  historyPath: string | null;
  maxMemoryRegressionPercent: string | undefined;
  maxTimeRegressionPercent: string | undefined;
}

export const DEFAULTS = {
  rows: 50_000,
  payloadBytes: 1024,
  batchSize: 1000,
  repeat: 3,
  intervalMs: 10,
  timeoutSeconds: 600,
} as const;

/** The largest table rowmeter seeds; ids are int4 and the seed arithmetic stays exact below it. */
export const MAX_ROWS = 100_000_000;

function describe(value: string): string {
  return `${JSON.stringify(value)}`;
}

/** Parses a whole number in [min, max]; anything else is a one-line error quoting the value. */
export function parseInteger(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = value.trim().replace(/_/g, '');
  if (!/^-?\d+$/.test(trimmed)) throw new UsageError(`Expected ${flag} to be a whole number, got ${describe(value)}`);
  const parsed = Number(trimmed);
  if (parsed < min) throw new UsageError(`Expected ${flag} to be at least ${min}, got ${describe(value)}`);
  if (parsed > max) throw new UsageError(`Expected ${flag} to be at most ${max}, got ${describe(value)}`);
  return parsed;
}

/** Parses a comma-separated selection, rejecting unknown names with the list of valid ones. */
export function parseSelection<T extends string>(value: string | undefined, valid: readonly T[], flag: string): T[] {
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return [...valid];
  const names = value.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !(valid as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown ${flag} ${unknown.map(describe).join(', ')}; valid: ${valid.join(', ')}`);
  }
  // Keep the matrix order, drop duplicates.
  return valid.filter((name) => names.includes(name));
}

/** Validates every bench flag once. Touches nothing: no file, no server. */
export function resolveBenchOptions(raw: RawBenchOptions, environment: NodeJS.ProcessEnv = process.env): ResolvedBenchOptions {
  const databaseUrl = raw.databaseUrl ?? (environment.DATABASE_URL?.trim() ? environment.DATABASE_URL.trim() : null);
  if (databaseUrl !== null) parseDatabaseUrl(databaseUrl);
  const memoryLimitMegabytes = raw.memoryLimit === undefined ? null : parseInteger(raw.memoryLimit, '--memory-limit (MiB)', 1);
  return {
    rows: raw.rows === undefined ? DEFAULTS.rows : parseInteger(raw.rows, '--rows', 1, MAX_ROWS),
    payloadBytes: raw.payloadBytes === undefined ? DEFAULTS.payloadBytes : parseInteger(raw.payloadBytes, '--payload-bytes', 0, 1_000_000),
    batchSize: raw.batchSize === undefined ? DEFAULTS.batchSize : parseInteger(raw.batchSize, '--batch-size', 1, 1_000_000),
    repeat: raw.repeat === undefined ? DEFAULTS.repeat : parseInteger(raw.repeat, '--repeat', 1, 1000),
    intervalMs: raw.interval === undefined ? DEFAULTS.intervalMs : parseInteger(raw.interval, '--interval (ms)', 1, 60_000),
    timeoutMs: (raw.timeout === undefined ? DEFAULTS.timeoutSeconds : parseInteger(raw.timeout, '--timeout (seconds)', 1, 86_400)) * 1000,
    memoryLimitBytes: memoryLimitMegabytes === null ? null : memoryLimitMegabytes * 1024 * 1024,
    libraries: parseSelection<LibraryName>(raw.libraries, LIBRARIES, '--libraries'),
    strategies: parseSelection<StrategyName>(raw.strategies, STRATEGIES, '--strategies'),
    database: databaseUrl === null ? 'embedded' : 'url',
    databaseUrl,
    outDir: raw.out ?? null,
    baselinePath: raw.baseline ?? null,
    historyPath: raw.history ?? null,
    maxMemoryRegressionPercent: raw.maxMemoryRegression,
    maxTimeRegressionPercent: raw.maxTimeRegression,
  };
}

/** The part of the options that goes into results.json (no URL: it may hold a password). */
export function recordedOptions(options: ResolvedBenchOptions): BenchmarkOptions {
  return {
    rows: options.rows,
    payloadBytes: options.payloadBytes,
    batchSize: options.batchSize,
    repeat: options.repeat,
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    memoryLimitBytes: options.memoryLimitBytes,
    libraries: options.libraries,
    strategies: options.strategies,
    database: options.database,
  };
}
