import { readFile, rename, writeFile } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { SCHEMA_VERSION, type BenchmarkResults } from './results.js';

/**
 * Writes results atomically (temp file + rename), so a benchmark interrupted mid-write
 * still leaves the previous complete file behind.
 */
export async function writeResults(path: string, results: BenchmarkResults): Promise<void> {
  const temporaryPath = `${path}.${process.pid}.tmp`;
  await writeFile(temporaryPath, JSON.stringify(results) + '\n');
  await rename(temporaryPath, path);
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
  if (version < SCHEMA_VERSION) {
    throw new UsageError(
      `${source} has schema version ${version}, which this rowmeter no longer reads (it reads ${SCHEMA_VERSION}); re-run the benchmark with this version to get comparable results`,
    );
  }
  const record = parsed as Partial<BenchmarkResults>;
  if (!Array.isArray(record.runs) || !Array.isArray(record.scenarios) || typeof record.context !== 'object' || record.context === null) {
    throw new UsageError(`${source} is missing context, scenarios or runs`);
  }
  return parsed as BenchmarkResults;
}
