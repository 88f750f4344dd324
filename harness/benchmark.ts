import { access, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { estimateBenchmarkBytes } from '../seed/generate.js';
import { formatBytes } from './format.js';
import { ensureDirectory, PathError } from './paths.js';
import { tmpdir } from 'node:os';
import { constants, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMatrix, type RegisteredScenario } from '../scenarios/registry.js';
import { ensureTemplate } from '../seed/template.js';
import { onExit, onInterrupt } from './cleanup.js';
import { describeContext } from './context.js';
import { connectToServer, DatabaseCatalog, startEmbeddedServer, type DatabaseServer } from './database.js';
import { EnvironmentError, isDiskFull, oneLine, UsageError, type EnvironmentFailureKind } from './errors.js';
import { recordedOptions, type ResolvedBenchOptions } from './options.js';
import { SCHEMA_VERSION, type BenchmarkResults, type RunResult, type ScenarioInfo } from './results.js';
import { runOnce } from './runner.js';
import { runTiming } from './timing.js';
import { writeResults } from './store.js';
import { workloadDefinition, type RunTarget } from './workloads/index.js';
import { growthEntries } from './growth.js';
import { estimateRemainingMs, type FinishedRun, type PlannedRun } from './eta.js';
import { performance } from 'node:perf_hooks';

/** Ctrl-C before the first result existed: nothing measured, nothing to keep. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted before any run finished');
    this.name = 'InterruptedError';
  }
}

/** What the benchmark tells the person watching; the CLI draws it, tests collect it. */
export interface BenchmarkObserver {
  info(line: string): void;
  seedProgress(doneRows: number, totalRows: number): void;
  /**
   * A run begins; `tableRows` is the size of its table, `etaMs` the estimated time left for the
   * whole benchmark (null while nothing measured says; see harness/eta.ts).
   */
  runStarted(scenario: ScenarioInfo, repeat: number, index: number, total: number, tableRows: number, etaMs: number | null): void;
  runProgress(rows: number, totalRows: number): void;
  runFinished(run: RunResult, index: number, total: number): void;
}

export interface BenchmarkOutcome {
  results: BenchmarkResults;
  outDir: string;
  resultsPath: string;
  /** True when Ctrl-C stopped the benchmark before every run was done. */
  interrupted: boolean;
  /** Set when the environment failed (the database went away, a disk filled): the benchmark stopped there. */
  environmentFailure: EnvironmentFailure | null;
  /** Runs the benchmark meant to make (sizes × scenarios × repeats). */
  plannedRuns: number;
}

/** Why a benchmark stopped early through no fault of a scenario. */
export interface EnvironmentFailure {
  kind: EnvironmentFailureKind;
  /** One line: what happened, to which server or path, during what. */
  message: string;
}

/**
 * Turns an error thrown between or around runs into an environment failure when that is what
 * it is: a full disk (ours or the server's), or a server that went away or restarted. Null for
 * anything else (a bug, which the caller rethrows).
 */
export async function environmentFailureOf(error: unknown, server: DatabaseServer | null, during: string): Promise<EnvironmentFailure | null> {
  if (error instanceof EnvironmentError) return { kind: error.kind, message: error.message };
  if (isDiskFull(error)) {
    const where = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? `${(error as NodeJS.ErrnoException).path ?? 'a local disk'}` : `the disk of ${server?.description ?? 'the database server'}`;
    return { kind: 'disk-full', message: `no space left on ${where} ${during}: ${oneLine(error)}` };
  }
  const lost = server ? await server.checkAlive() : null;
  return lost === null ? null : { kind: 'database-lost', message: `${server!.description} went away ${during}: ${lost} (${oneLine(error)})` };
}

function timestampFolder(date: Date, rows: readonly number[]): string {
  return `${date.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}-${rows.join('-')}rows`;
}

/**
 * Makes sure results can be written before anything else happens, so a bad `--out` fails
 * before a database is created.
 */
export async function prepareOutDir(requested: string | null, rows: readonly number[], now: Date, cwd = process.cwd()): Promise<string> {
  const outDir = resolve(cwd, requested ?? join('reports', timestampFolder(now, rows)));
  try {
    await ensureDirectory(outDir);
    await access(outDir, constants.W_OK);
    const probe = join(outDir, `.rowmeter-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    if (error instanceof PathError) throw new UsageError(`Cannot create --out ${outDir}: ${error.message}`);
    throw new UsageError(`Cannot write to --out ${outDir}: ${(error as NodeJS.ErrnoException).code ?? oneLine(error)}`);
  }
  return outDir;
}

export function scenarioInfoOf(cell: RegisteredScenario, options: ResolvedBenchOptions): ScenarioInfo {
  const { definition } = cell;
  return {
    id: cell.id,
    workload: definition.workload,
    library: definition.library,
    strategy: definition.strategy,
    version: definition.version,
    support: definition.support,
    how: definition.how,
    ...(definition.support === 'unsupported' ? { unsupportedReason: definition.unsupportedReason } : {}),
    ...(definition.notes ? { notes: definition.notes } : {}),
    selected:
      options.workloads.includes(definition.workload) && options.libraries.includes(definition.library) && options.strategies.includes(definition.strategy),
  };
}

/**
 * The embedded server keeps its data under the OS temp folder: refuse, before starting it, a
 * benchmark whose tables that disk cannot hold (seed/generate.ts estimates what they need).
 */
export async function checkDiskForEmbedded(rows: readonly number[], payloadBytes: number, folder = tmpdir()): Promise<void> {
  const needed = estimateBenchmarkBytes(rows, payloadBytes);
  const stats = await statfs(folder);
  const free = stats.bavail * stats.bsize;
  if (needed > free) {
    throw new UsageError(
      `Not enough disk for ${rows.map((size) => size.toLocaleString('en-US')).join(' + ')} rows: about ${formatBytes(needed)} needed (the templates, one run's copy and its rewrite), ${formatBytes(free)} free in ${folder}; set TMPDIR to a bigger disk, or measure fewer rows`,
    );
  }
}

/**
 * A scratch folder for what runs write outside their database (export files), removed when the
 * benchmark ends, and at process exit in any case.
 */
async function scratchDirectory(): Promise<{ path: string; remove: () => void }> {
  const path = await mkdtemp(join(tmpdir(), 'rowmeter-scratch-'));
  const remove = onExit(() => rmSync(path, { recursive: true, force: true }));
  return { path, remove };
}

/**
 * The whole pipeline for one benchmark: server → for each table size (smallest first) a seeded
 * template → for each round, for each selected runnable scenario, a fresh database copy and a
 * fresh child → verified result, written after every run. Always stops what it started, also on
 * Ctrl-C and on errors.
 */
export async function runBenchmark(options: ResolvedBenchOptions, observer: BenchmarkObserver): Promise<BenchmarkOutcome> {
  const startedAt = new Date();
  // Every check that can fail on bad input comes before anything is created.
  const matrix = await loadMatrix(options.workloads, options.libraries);
  let server: DatabaseServer | null = options.databaseUrl ? await connectToServer(options.databaseUrl) : null;
  const outDir = await prepareOutDir(options.outDir, options.rows, startedAt);
  const resultsPath = join(outDir, 'results.json');
  // Every cell of the selected workloads and libraries, so unsupported and unselected strategies are listed too.
  const scenarios = matrix.map((cell) => scenarioInfoOf(cell, options));
  const runnable = matrix.filter((cell, index) => scenarios[index]!.selected && cell.definition.support !== 'unsupported');
  const runnableInfo = new Map(scenarios.map((info) => [info.id, info]));

  const abort = new AbortController();
  let interrupted = false;
  onInterrupt(() => {
    interrupted = true;
    observer.info('Interrupted: stopping the running child and cleaning up (Ctrl-C again to exit at once)…');
    abort.abort();
  });

  let catalog: DatabaseCatalog | null = null;
  let results: BenchmarkResults | null = null;
  let environmentFailure: EnvironmentFailure | null = null;
  /** What the benchmark is doing now, for the message should the environment fail. */
  let during = 'while starting';
  const total = options.rows.length * runnable.length * options.repeat;
  const scratch = await scratchDirectory();
  try {
    if (server) {
      observer.info(`Using the PostgreSQL server at the given URL (${server.version.split(',')[0]})`);
    } else {
      await checkDiskForEmbedded(options.rows, options.payloadBytes);
      observer.info('Starting an embedded PostgreSQL (no DATABASE_URL or --database-url given)…');
      server = await startEmbeddedServer();
      observer.info(`Embedded ${server.version.split(',')[0]} is up`);
    }
    catalog = new DatabaseCatalog(server);

    let index = 0;
    let runCounter = 0;
    // The whole plan in order, for the ETA: sizes, then rounds, then scenarios.
    const plan: PlannedRun[] = options.rows.flatMap((tableRows) =>
      Array.from({ length: options.repeat }, () => runnable.map((cell) => ({ scenarioId: cell.id, tableRows }))).flat(),
    );
    const finishedRuns: FinishedRun[] = [];
    let seedRowsPerSecond: number | null = null;
    sizes: for (const tableRows of options.rows) {
      if (interrupted) break;
      during = `while seeding ${tableRows} rows`;
      observer.info(`Seeding ${tableRows} rows of about ${options.payloadBytes} bytes…`);
      const template = await ensureTemplate(catalog, { rows: tableRows, payloadBytes: options.payloadBytes }, observer.seedProgress);
      observer.info(
        template.info.reused
          ? `Reusing the seeded template ${template.name}`
          : `Seeded ${template.name} in ${(template.info.seedMs / 1000).toFixed(1)} s (${Math.round(template.info.rowsPerSecond ?? 0)} rows/s)`,
      );
      results ??= {
        schemaVersion: SCHEMA_VERSION,
        tool: 'rowmeter',
        context: describeContext(recordedOptions(options), server.version, [], startedAt),
        scenarios,
        runs: [],
        growth: [],
        timings: [],
      };
      results.context.seeds.push(template.info);
      if (!template.info.reused && template.info.rowsPerSecond !== null) seedRowsPerSecond = template.info.rowsPerSecond;
      await writeResults(resultsPath, results);

      for (let repeat = 1; repeat <= options.repeat; repeat += 1) {
        for (const cell of runnable) {
          if (interrupted) break sizes;
          index += 1;
          const info = runnableInfo.get(cell.id)!;
          const etaMs = estimateRemainingMs({
            remaining: plan.slice(index - 1),
            finished: finishedRuns,
            seeds: options.rows.filter((rows) => rows > tableRows).map((rows) => ({ rows })),
            seedRowsPerSecond,
          });
          observer.runStarted(info, repeat, index, total, tableRows, etaMs);
          const runStartedAt = performance.now();
          runCounter += 1;
          const runDatabase = `rowmeter_run_${process.pid}_${runCounter}`;
          const workload = workloadDefinition(info.workload);
          const label = `${info.id} #${repeat} (${tableRows} rows)`;
          during = `while copying the template for ${label}`;
          const target: RunTarget = {
            databaseUrl: await catalog.create(runDatabase, template.name),
            tableRows,
            payloadBytes: options.payloadBytes,
            outputPath: join(scratch.path, `run-${runCounter}.ndjson`),
          };
          try {
            during = `during ${label}`;
            await workload.prepare(target);
            const run = await runOnce({
              scenario: info,
              modulePath: cell.modulePath,
              repeat,
              databaseUrl: target.databaseUrl,
              tableRows,
              payloadBytes: options.payloadBytes,
              outputPath: target.outputPath,
              batchSize: options.batchSize,
              pipelineDepth: options.pipelineDepth,
              intervalMs: options.intervalMs,
              timeoutMs: options.timeoutMs,
              memoryLimitBytes: options.memoryLimitBytes,
              heapLimitBytes: options.heapLimitBytes,
              serverMonitor: { adminUrl: server.adminUrl, database: runDatabase },
              checkDatabase: () => server!.checkAlive(),
              verify: () => workload.verify(target),
              signal: abort.signal,
              onProgress: (rows) => observer.runProgress(rows, tableRows),
            });
            // A run cut short by Ctrl-C measured nothing real: keep it out of the results.
            if (interrupted) break sizes;
            results.runs.push(run);
            await writeResults(resultsPath, results);
            observer.runFinished(run, index, total);
            if (run.status === 'database-lost') {
              environmentFailure = { kind: 'database-lost', message: `${server.description} went away during ${label}: ${run.failure?.message ?? 'no message'}` };
              break sizes;
            }
          } finally {
            await workload.cleanup(target).catch(() => undefined);
            await catalog.drop(runDatabase).catch((error: unknown) => {
              if (!interrupted && !environmentFailure) observer.info(`Could not drop ${runDatabase}: ${oneLine(error)}`);
            });
            finishedRuns.push({ scenarioId: cell.id, tableRows, durationMs: performance.now() - runStartedAt });
          }
        }
      }
      // Warm timing: after the cold runs of this size, each scenario once more, warm (harness/timing.ts).
      if (options.timing) {
        for (const cell of runnable) {
          if (interrupted) break sizes;
          const info = runnableInfo.get(cell.id)!;
          const label = `${info.id} warm timing (${tableRows} rows)`;
          observer.info(`Timing ${info.id} warm at ${tableRows} rows: ${options.timing.warmupIterations} warm-up + ${options.timing.iterations} iterations…`);
          runCounter += 1;
          const runDatabase = `rowmeter_run_${process.pid}_${runCounter}`;
          const workload = workloadDefinition(info.workload);
          during = `while copying the template for ${label}`;
          const target: RunTarget = {
            databaseUrl: await catalog.create(runDatabase, template.name),
            tableRows,
            payloadBytes: options.payloadBytes,
            outputPath: join(scratch.path, `run-${runCounter}.ndjson`),
          };
          try {
            during = `during ${label}`;
            await workload.prepare(target);
            const timing = await runTiming({
              scenario: info,
              modulePath: cell.modulePath,
              databaseUrl: target.databaseUrl,
              tableRows,
              payloadBytes: options.payloadBytes,
              outputPath: target.outputPath,
              batchSize: options.batchSize,
              pipelineDepth: options.pipelineDepth,
              timing: options.timing,
              verify: () => workload.verify(target),
              signal: abort.signal,
            });
            if (interrupted) break sizes;
            results.timings.push(timing);
            await writeResults(resultsPath, results);
            observer.info(
              timing.status === 'ok'
                ? `  ${info.id} warm: ${timing.meanMs?.toFixed(1)} ms ± ${timing.rme?.toFixed(1)} % over ${timing.samples} iterations`
                : `  ${info.id} warm: ${timing.status.toUpperCase()} — ${timing.failure?.message ?? ''}`,
            );
          } finally {
            await workload.cleanup(target).catch(() => undefined);
            await catalog.drop(runDatabase).catch(() => undefined);
          }
        }
      }
    }
    if (!results) throw new InterruptedError();
    results.growth = growthEntries(results);
    results.context.finishedAt = interrupted || environmentFailure ? null : new Date().toISOString();
    await writeResults(resultsPath, results);
    return { results, outDir, resultsPath, interrupted, environmentFailure, plannedRuns: total };
  } catch (error) {
    // Ctrl-C also reaches the server and the child, so whatever they were doing fails; that
    // failure is the interruption, not a separate error.
    if (interrupted) {
      if (!results) throw new InterruptedError();
      results.growth = growthEntries(results);
      await writeResults(resultsPath, results);
      return { results, outDir, resultsPath, interrupted, environmentFailure: null, plannedRuns: total };
    }
    environmentFailure = await environmentFailureOf(error, server, during);
    if (environmentFailure === null) throw error;
    if (!results) throw new EnvironmentError(environmentFailure.kind, environmentFailure.message, { cause: error });
    results.growth = growthEntries(results);
    // On a full disk this write may fail too; the last complete results.json is then what stays.
    await writeResults(resultsPath, results).catch(() => undefined);
    return { results, outDir, resultsPath, interrupted: false, environmentFailure, plannedRuns: total };
  } finally {
    if (catalog) {
      // A server that is gone needs no cleaning; one that is there but cannot drop (its disk is
      // full, a checkpoint fails) keeps our databases: say which, so they can be dropped by hand.
      const left = await catalog.dropAll();
      if (left.length > 0 && environmentFailure?.kind !== 'database-lost' && !interrupted) {
        observer.info(`Could not drop ${left.map((entry) => `${entry.name} (${entry.reason})`).join(', ')}: drop ${left.length === 1 ? 'it' : 'them'} with DROP DATABASE when the server allows`);
      }
    }
    if (server) await server.stop();
    scratch.remove();
  }
}
