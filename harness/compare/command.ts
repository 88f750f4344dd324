/**
 * `rowmeter compare <base> <head>` and `bench --baseline`: reading the inputs, turning flags
 * into thresholds, and writing the Markdown. Every bad input is a one-line {@link UsageError}
 * (exit 2); a regression is exit 1; otherwise 0.
 */
import { appendFile, stat } from 'node:fs/promises';
import { ensureDirectory, PathError } from '../paths.js';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import type { BenchmarkResults } from '../results.js';
import { checkRunEssentials, readResults } from '../store/store.js';
import { compareResults, DEFAULT_THRESHOLDS, exitCodeOf } from './compare.js';
import { renderComparisonMarkdown } from './render.js';
import type { CompareThresholds, Comparison } from './types.js';

export interface CompareOutcome {
  comparison: Comparison;
  /** 1 when any scenario regressed, else 0. */
  exitCode: 0 | 1;
}

/**
 * Parses a threshold flag: `10`, `10%` and `10 %` all mean 0.10. Rejects anything that is not
 * a finite, non-negative number, quoting the bad value.
 */
export function parseThresholdPercent(value: string, flagName: string): number {
  const text = value.trim().replace(/\s*%$/, '');
  const percent = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(percent) || percent < 0) {
    throw new UsageError(`${flagName} expects a non-negative percentage such as 10 or 10%, got ${JSON.stringify(value)}`);
  }
  return percent / 100;
}

/** Flag values as commander hands them over (strings, or undefined when not given). */
export interface ThresholdFlags {
  maxMemoryRegression?: string | undefined;
  maxTimeRegression?: string | undefined;
}

/** Thresholds from the two flags, with the defaults (10 % memory, 25 % time) for those not given. */
export function thresholdsFromFlags(flags: ThresholdFlags): CompareThresholds {
  return {
    maxMemoryRegression:
      flags.maxMemoryRegression === undefined
        ? DEFAULT_THRESHOLDS.maxMemoryRegression
        : parseThresholdPercent(flags.maxMemoryRegression, '--max-memory-regression'),
    maxTimeRegression:
      flags.maxTimeRegression === undefined
        ? DEFAULT_THRESHOLDS.maxTimeRegression
        : parseThresholdPercent(flags.maxTimeRegression, '--max-time-regression'),
  };
}

/** Reads a results file for comparing: everything {@link readResults} checks, plus the fields compare reads. */
export async function readComparable(path: string): Promise<BenchmarkResults> {
  return checkRunEssentials(await readResults(path), path);
}

/** Reads both files and compares them. Throws {@link UsageError} on any bad input. */
export async function runCompare(basePath: string, headPath: string, thresholds: CompareThresholds): Promise<CompareOutcome> {
  const [base, head] = await Promise.all([readComparable(basePath), readComparable(headPath)]);
  const comparison = compareResults(base, head, thresholds, { base: basePath, head: headPath });
  return { comparison, exitCode: exitCodeOf(comparison) };
}

/**
 * Compares results already in memory (those `bench` just measured) with a baseline read
 * earlier by {@link readComparable}, so a bad `--baseline` fails before the benchmark starts.
 */
export function compareWithBaseline(
  baseline: BenchmarkResults,
  baselinePath: string,
  head: BenchmarkResults,
  headSource: string,
  thresholds: CompareThresholds,
): CompareOutcome {
  const comparison = compareResults(baseline, checkRunEssentials(head, headSource), thresholds, { base: baselinePath, head: headSource });
  return { comparison, exitCode: exitCodeOf(comparison) };
}

/**
 * Writes the Markdown comparison to a file (creating its folder), e.g. `$GITHUB_STEP_SUMMARY`,
 * which GitHub gives each step fresh, so overwriting loses nothing.
 */
export async function writeComparisonMarkdown(path: string, comparison: Comparison): Promise<void> {
  try {
    await ensureDirectory(dirname(path));
    // Appended, never overwritten: what the file held stays (a job summary grows step by step).
    const earlier = await stat(path).then((info) => info.size > 0, () => false);
    await appendFile(path, `${earlier ? '\n' : ''}${renderComparisonMarkdown(comparison)}`);
  } catch (error) {
    if (error instanceof PathError) throw new UsageError(`Cannot write the Markdown comparison to ${path}: ${error.message}`, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot write the Markdown comparison to ${path} (${code ?? 'unknown error'})`, { cause: error });
  }
}
