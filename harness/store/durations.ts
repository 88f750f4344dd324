import { readFile, writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { BenchmarkResults } from '../results.js';
import { unitKey, type DurationsFile, type UnitDuration } from '../run/shards.js';

/**
 * What one run cost beyond its child when the results do not say (results written before
 * `overheadMs` was recorded): the copy, verification and drop of a 50k-row table, as measured.
 */
const ASSUMED_OVERHEAD_MS = 1200;

/**
 * The durations of every unit (cell × size) in a benchmark's results: the mean wall-clock time
 * of one run, everything included, and of its warm timing. Failed runs count too: they cost time.
 */
export function durationsOf(results: BenchmarkResults, writtenAt = new Date()): DurationsFile {
  const units: Record<string, UnitDuration> = {};
  const totals = new Map<string, { runs: number; ms: number }>();
  const requested = requestedRowsOf(results);
  for (const run of results.runs) {
    const key = unitKey({ scenarioId: run.scenarioId, tableRows: requested(run) });
    const total = totals.get(key) ?? { runs: 0, ms: 0 };
    total.runs += 1;
    total.ms += run.wallMs + (run.overheadMs ?? ASSUMED_OVERHEAD_MS);
    totals.set(key, total);
  }
  for (const [key, total] of totals) units[key] = { runs: total.runs, runMs: Math.round(total.ms / total.runs), timingMs: null };
  for (const timing of results.timings) {
    const key = unitKey({ scenarioId: timing.scenarioId, tableRows: requested(timing) });
    const unit = units[key];
    if (unit && timing.durationMs !== undefined) unit.timingMs = Math.round(timing.durationMs);
  }
  return { tool: 'rowmeter-durations', schemaVersion: 1, writtenAt: writtenAt.toISOString(), units };
}

/**
 * The size asked for (`--rows`) of a run or timing, which names its unit: an existing table
 * smaller than asked gives runs of fewer rows (context.tables maps one to the other).
 */
export function requestedRowsOf(results: BenchmarkResults): (run: { scenarioId: string; tableRows: number }) => number {
  const tableOf = new Map(results.scenarios.map((scenario) => [scenario.id as string, scenario.table]));
  return (run) => results.context.tables.find((table) => table.table === tableOf.get(run.scenarioId) && table.rows === run.tableRows)?.requestedRows ?? run.tableRows;
}

export async function writeDurations(path: string, durations: DurationsFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(durations, null, 1)}\n`);
}

/** Reads `--durations`: a missing file is fine (the first night has none); a bad one is a one-line error. */
export async function readDurations(path: string): Promise<DurationsFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`Cannot read --durations ${path} (${code ?? 'unknown error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--durations ${path} is not JSON`);
  }
  return checkDurations(parsed, path);
}

/** Checks a parsed durations file, naming the first bad key. */
export function checkDurations(parsed: unknown, source: string): DurationsFile {
  const record = parsed as Partial<DurationsFile> | null;
  if (typeof record !== 'object' || record === null || record.tool !== 'rowmeter-durations') throw new UsageError(`${source} is not a rowmeter durations file (no "tool": "rowmeter-durations")`);
  if (record.schemaVersion !== 1) throw new UsageError(`${source} has durations schema ${JSON.stringify(record.schemaVersion)}; this rowmeter reads 1`);
  if (typeof record.units !== 'object' || record.units === null) throw new UsageError(`${source}: "units" is not an object`);
  for (const [key, unit] of Object.entries(record.units)) {
    const fields = unit as Partial<UnitDuration>;
    if (typeof fields.runMs !== 'number' || !Number.isFinite(fields.runMs) || fields.runMs < 0) throw new UsageError(`${source}: units["${key}"].runMs is not a duration in ms`);
    if (typeof fields.runs !== 'number' || !Number.isInteger(fields.runs) || fields.runs < 1) throw new UsageError(`${source}: units["${key}"].runs is not a whole number of runs`);
    if (fields.timingMs !== null && (typeof fields.timingMs !== 'number' || !Number.isFinite(fields.timingMs))) throw new UsageError(`${source}: units["${key}"].timingMs is neither a duration in ms nor null`);
  }
  return record as DurationsFile;
}
