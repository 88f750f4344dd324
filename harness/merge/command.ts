import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exceededBudgetLines } from '../budget.js';
import { UsageError } from '../errors.js';
import { formatBudgetFigure } from '../format.js';
import { ensureDirectory } from '../paths.js';
import type { BenchmarkResults } from '../results.js';
import { refuseEarlierResults } from '../store/earlier.js';
import { durationsOf, writeDurations } from '../store/durations.js';
import { readResults, writeResults } from '../store/store.js';
import { mergeShards, type ShardInput } from './merge.js';

export interface MergeFlags {
  out: string;
  allowPartial?: boolean;
  overwrite?: boolean;
}

export interface MergeOutcome {
  results: BenchmarkResults;
  outDir: string;
  resultsPath: string;
  /** Lines for stderr: failed runs, exceeded budgets, missing work. */
  problems: string[];
}

/** A shard's folder (or its results.json itself). */
function resultsPathOf(given: string): string {
  const path = resolve(given);
  if (existsSync(path) && statSync(path).isDirectory()) {
    const inside = join(path, 'results.json');
    if (!existsSync(inside)) throw new UsageError(`${given} holds no results.json: is it a shard's --out folder?`);
    return inside;
  }
  if (!existsSync(path)) throw new UsageError(`No such shard folder or results file: ${given}`);
  return path;
}

/**
 * `rowmeter merge DIR… --out DIR`: reads every shard, refuses what does not belong together
 * (harness/merge/merge.ts), and writes the merged results.json and durations.json; the caller
 * renders the reports as after a benchmark.
 */
export async function runMerge(sources: readonly string[], flags: MergeFlags): Promise<MergeOutcome> {
  if (sources.length === 0) throw new UsageError('Nothing to merge: give the folders of the shards\' results');
  const outDir = resolve(flags.out);
  refuseEarlierResults(outDir, flags.overwrite === true);
  const inputs: ShardInput[] = [];
  for (const source of sources) inputs.push({ source, results: await readResults(resultsPathOf(source)) });
  const results = mergeShards(inputs, flags.allowPartial === true);
  await ensureDirectory(outDir).catch((error: unknown) => {
    throw new UsageError(`Cannot create --out ${outDir}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const resultsPath = join(outDir, 'results.json');
  await writeResults(resultsPath, results);
  await writeDurations(join(outDir, 'durations.json'), durationsOf(results));

  const problems: string[] = [];
  const incomplete = results.context.merged?.incomplete;
  if (incomplete) {
    problems.push(`Incomplete: ${incomplete.missingShards.length > 0 ? `shard${incomplete.missingShards.length === 1 ? '' : 's'} ${incomplete.missingShards.join(', ')} missing, ` : ''}${incomplete.missingUnits.length} cells short of runs`);
  }
  const failed = results.runs.filter((run) => run.status !== 'ok');
  if (failed.length > 0) problems.push(`${failed.length} of ${results.runs.length} runs failed: ${[...new Set(failed.map((run) => `${run.scenarioId} (${run.status})`))].join(', ')}`);
  for (const line of exceededBudgetLines(results.budgets, formatBudgetFigure)) problems.push(`Budget exceeded: ${line}`);
  return { results, outDir, resultsPath, problems };
}
