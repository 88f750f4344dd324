import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EnvironmentError, isDiskFull, UsageError } from '../errors.js';
import { scrub } from '../secrets.js';
import { builtinScenarioFields, RUN_STATUSES, SCHEMA_VERSION, upgradeScenarioInfo, type BenchmarkResults, type RunResult, type ScenarioId, type ScenarioInfo } from '../results.js';

/**
 * Writes results atomically (temp file + rename), so a benchmark interrupted mid-write — or a
 * disk that fills up — still leaves the previous complete file behind: results.json is never
 * truncated. A full disk is an {@link EnvironmentError} naming the folder; the partial temp file
 * is removed.
 */
export async function writeResults(path: string, results: BenchmarkResults): Promise<void> {
  const temporaryPath = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporaryPath, scrub(JSON.stringify(results)) + '\n');
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true }).catch(() => undefined);
    if (isDiskFull(error)) throw new EnvironmentError('disk-full', `no space left on ${dirname(path)} while writing ${path}`, { cause: error });
    throw error;
  }
}

/** Reads and checks a `results.json`; every problem is a one-line {@link UsageError}. */
export async function readResults(path: string): Promise<BenchmarkResults> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `No such results file: ${path}` : `Cannot read ${path} (${code ?? 'unknown error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON, so it is not a rowmeter results file`);
  }
  return checkResults(parsed, path);
}

/** Checks the shape of parsed results: the tool marker, the schema version and the top-level fields. */
export function checkResults(parsed: unknown, source: string): BenchmarkResults {
  if (typeof parsed !== 'object' || parsed === null || (parsed as { tool?: unknown }).tool !== 'rowmeter') {
    throw new UsageError(`${source} is not a rowmeter results file (no "tool": "rowmeter")`);
  }
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new UsageError(`${source} has no valid schemaVersion`);
  }
  if (version > SCHEMA_VERSION) {
    throw new UsageError(
      `${source} has schema version ${version}, newer than this rowmeter understands (${SCHEMA_VERSION}); upgrade rowmeter to read it`,
    );
  }
  if (version < 1) {
    throw new UsageError(
      `${source} has schema version ${version}, which this rowmeter no longer reads (it reads 1 to ${SCHEMA_VERSION}); re-run the benchmark with this version to get comparable results`,
    );
  }
  const record = parsed as Partial<BenchmarkResults>;
  if (!Array.isArray(record.runs) || !Array.isArray(record.scenarios) || typeof record.context !== 'object' || record.context === null) {
    throw new UsageError(`${source} is missing context, scenarios or runs`);
  }
  if (version === 1) return migrateV1(parsed as ResultsV1);
  const current = parsed as BenchmarkResults;
  // A results.json still being written by a benchmark in progress has no growth yet; one older
  // than schema 3 knew only built-in cells, no retained heap and no budgets.
  return {
    ...current,
    context: { ...current.context, tables: current.context.tables ?? [], configFile: current.context.configFile ?? null },
    schemaVersion: SCHEMA_VERSION,
    scenarios: current.scenarios.map(upgradeScenarioInfo),
    runs: current.runs.map((run) => ({ ...run, retainedBytes: run.retainedBytes ?? null })),
    growth: Array.isArray(current.growth) ? current.growth : [],
    timings: Array.isArray(current.timings) ? current.timings : [],
    budgets: Array.isArray(current.budgets) ? current.budgets : [],
  };
}

/** `results.json` as schema version 1 wrote it: the backfill only, one table size, ids `library/strategy`. */
interface ResultsV1 {
  growth?: never;
  timings?: never;
  schemaVersion: 1;
  tool: 'rowmeter';
  context: Omit<BenchmarkResults['context'], 'seeds' | 'options' | 'tables' | 'configFile'> & {
    seed: BenchmarkResults['context']['seeds'][number] | null;
    options: Omit<BenchmarkResults['context']['options'], 'rows' | 'workloads' | 'pipelineDepth' | 'heapLimitBytes' | 'projectRows' | 'timing'> & { rows: number };
  };
  scenarios: Array<Omit<ScenarioInfo, 'id' | 'workload' | keyof ReturnType<typeof builtinScenarioFields>> & { id: string }>;
  runs: Array<Omit<RunResult, 'scenarioId' | 'workload' | 'tableRows' | 'server' | 'retainedBytes'> & { scenarioId: string }>;
}

/**
 * Reads a version 1 file as version 2: everything it measured was the backfill at its one
 * table size, so ids gain `backfill/`, runs their `tableRows`, and the seed becomes `seeds`.
 */
export function migrateV1(results: ResultsV1): BenchmarkResults {
  const { seed, options, ...context } = results.context;
  const rows = options.rows;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: 'rowmeter',
    context: { ...context, seeds: seed ? [seed] : [], tables: [], configFile: null, options: { ...options, rows: [rows], workloads: ['backfill'], pipelineDepth: 256, heapLimitBytes: null, projectRows: null, timing: null } },
    scenarios: results.scenarios.map((scenario) => upgradeScenarioInfo({ ...scenario, id: `backfill/${scenario.id}` as ScenarioId, workload: 'backfill' })),
    runs: results.runs.map((run) => ({ ...run, scenarioId: `backfill/${run.scenarioId}` as ScenarioId, workload: 'backfill', tableRows: rows, server: null, retainedBytes: null })),
    growth: [],
    timings: [],
    budgets: [],
  };
}

/**
 * Checks, beyond {@link checkResults}, the fields that comparing and history read from every
 * run and from the options, so a hand-edited or truncated file is a one-line
 * {@link UsageError} naming the first bad field rather than a crash later.
 */
export function checkRunEssentials(results: BenchmarkResults, source: string): BenchmarkResults {
  const options = (results.context as Partial<BenchmarkResults['context']>).options as Record<string, unknown> | undefined;
  if (typeof options !== 'object' || options === null) throw new UsageError(`${source} has no context.options`);
  for (const key of ['payloadBytes', 'batchSize'] as const) {
    if (typeof options[key] !== 'number') throw new UsageError(`${source}: context.options.${key} is not a number`);
  }
  if (!Array.isArray(options.rows) || !options.rows.every((rows) => typeof rows === 'number')) throw new UsageError(`${source}: context.options.rows is not a list of numbers`);
  if (!Array.isArray(results.context.seeds)) throw new UsageError(`${source}: context.seeds is not a list`);
  if (typeof results.context.startedAt !== 'string') throw new UsageError(`${source}: context.startedAt is not a string`);
  results.runs.forEach((run: unknown, index) => {
    const where = `${source}: runs[${index}]`;
    if (typeof run !== 'object' || run === null) throw new UsageError(`${where} is not an object`);
    const record = run as Record<string, unknown>;
    if (typeof record.scenarioId !== 'string' || record.scenarioId === '') throw new UsageError(`${where}.scenarioId is not a scenario id`);
    if (!(RUN_STATUSES as readonly unknown[]).includes(record.status)) {
      throw new UsageError(`${where}.status is ${JSON.stringify(record.status)}, not one of ${RUN_STATUSES.join(', ')}`);
    }
    for (const key of ['scenarioVersion', 'repeat', 'wallMs', 'tableRows'] as const) {
      if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) throw new UsageError(`${where}.${key} is not a number`);
    }
    if (record.peakRssBytes !== null && typeof record.peakRssBytes !== 'number') throw new UsageError(`${where}.peakRssBytes is neither a number nor null`);
  });
  return results;
}
