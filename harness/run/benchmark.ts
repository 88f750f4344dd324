import { access, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { estimateBenchmarkBytes } from '../../seed/generate.js';
import { formatBytes } from '../format.js';
import { ensureDirectory, PathError } from '../paths.js';
import { tmpdir } from 'node:os';
import { constants, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadMatrix } from '../config/builtin.js';
import type { Budget, TableDefinition } from '../api/index.js';
import { judgeBudgets } from '../budget.js';
import { SEEDED_TABLE, type UserScenarioCell } from '../config/discover.js';
import { installVariant, type InstalledVariant } from '../variants/cache.js';
import { variantComparisons } from '../compare/variants.js';
import type { VariantRuntime } from '../variants/runtime.js';
import type { VariantSpec } from '../variants/spec.js';
import { cellOf, conditionsOf, expandDimensions, networkKey, roundOrder, installedLibraries, runnable, selectedBy, type BenchCell } from './cells.js';
import { startNetworkLink, type NetworkLink } from './network/proxy.js';
import { memoryBoundOf } from '../bounded.js';
import { checkExistingTables, checkTableKinds, checkTableSources, prepareTables, type PreparedTable } from './tables.js';
import { onExit, onInterrupt, type InterruptSignal } from './cleanup.js';
import { describeContext } from '../store/context.js';
import { connectToServer, DatabaseCatalog, startEmbeddedServer, type DatabaseServer } from './database.js';
import { EnvironmentError, isDiskFull, oneLine, UsageError, type EnvironmentFailureKind } from '../errors.js';
import { recordedOptions, type ResolvedBenchOptions } from '../config/options.js';
import { SCHEMA_VERSION, variantSuffix, withoutVariant, type BenchmarkResults, type RunResult, type ScenarioInfo, type TimingEntry } from '../results.js';
import { runOnce } from './runner.js';
import { guardPath } from './guard.js';
import { dropOrphanRunDatabases, holdOwnerLock, ownerTag, removeOrphanFolders, runDatabaseName } from './owner.js';
import { runTiming } from './timing.js';
import { readResults, writeResults } from '../store/store.js';
import { refuseEarlierResults } from '../store/earlier.js';
import { durationsOf, readDurations, writeDurations } from '../store/durations.js';
import { planShards, unitKey, type ShardPlan } from './shards.js';
import { adaptiveVerdict, repeatDecision } from './repeats.js';
import { holdLowLatency, type LowLatencyHold } from './low-latency.js';
import type { RunTarget } from './workloads/index.js';
import { growthEntries } from '../growth.js';
import { estimateRemainingMs, type FinishedRun, type PlannedRun } from './eta.js';
import { performance } from 'node:perf_hooks';

/** Ctrl-C before the first result existed: nothing measured, nothing to keep. */
export class InterruptedError extends Error {
  constructor(readonly signal: InterruptSignal = 'SIGINT') {
    super(`Interrupted (${signal}) before any run finished`);
    this.name = 'InterruptedError';
  }
}

/** What the benchmark tells the person watching; the CLI draws it, tests collect it. */
export interface BenchmarkObserver {
  info(line: string): void;
  seedProgress(doneRows: number, totalRows: number): void;
  /**
   * A run begins; `tableRows` is the size of its table, `etaMs` the estimated time left for the
   * whole benchmark (null while nothing measured says; see harness/run/eta.ts).
   */
  runStarted(scenario: ScenarioInfo, repeat: number, index: number, total: number, tableRows: number, etaMs: number | null): void;
  runProgress(rows: number, totalRows: number): void;
  runFinished(run: RunResult, index: number, total: number): void;
}

export interface BenchmarkOutcome {
  results: BenchmarkResults;
  outDir: string;
  resultsPath: string;
  /** True when Ctrl-C (or SIGTERM, SIGHUP) stopped the benchmark before every run was done. */
  interrupted: boolean;
  /** The signal that stopped it, when {@link interrupted}. */
  interruptedBy?: InterruptSignal;
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

/** The default output folder: `reports/<timestamp>-<rows>rows`, with `-2`, `-3`… when that exists already. */
export function freshDefaultFolder(rows: readonly number[], now: Date, cwd: string): string {
  const base = resolve(cwd, join('reports', timestampFolder(now, rows)));
  let candidate = base;
  for (let suffix = 2; existsSync(candidate); suffix += 1) candidate = `${base}-${suffix}`;
  return candidate;
}

export { refuseEarlierResults } from '../store/earlier.js';

/**
 * Makes sure results can be written before anything else happens, so a bad `--out` fails
 * before a database is created; never over an earlier benchmark's results unless `overwrite`.
 */
export async function prepareOutDir(requested: string | null, rows: readonly number[], now: Date, cwd = process.cwd(), overwrite = false): Promise<string> {
  const outDir = requested === null ? freshDefaultFolder(rows, now, cwd) : resolve(cwd, requested);
  refuseEarlierResults(outDir, overwrite);
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
  const path = await mkdtemp(join(tmpdir(), `rowmeter-scratch-${ownerTag()}-`));
  const remove = onExit(() => rmSync(path, { recursive: true, force: true }));
  guardPath(path);
  return { path, remove };
}

export { cellOf, scenarioInfoOf } from './cells.js';

/** What a user's project adds to a benchmark: its scenarios, tables and default budget. */
export interface ProjectScenarios {
  /** The user's scenario cells, discovered and expanded (harness/config/discover.ts). */
  cells: UserScenarioCell[];
  /** The config's tables. */
  tables: TableDefinition[];
  /** The config's default budget, for every scenario. */
  budget?: Budget;
  /** Run the built-in suite's selected cells too. */
  builtin: boolean;
  /** The config file as the user names it, for messages and results; null without one. */
  configFile: string | null;
  /** `--against`: the same project's cells at another revision, run beside these as variants. */
  revisions?: RevisionPair;
}

/** `--against`: the revision checked out (its cells) and the working tree's label. */
export interface RevisionPair {
  base: { label: string; ref: string; commit: string; cells: UserScenarioCell[] };
  head: { label: string; commit: string | null };
}

/** No config: the built-in suite alone. */
export const BUILTIN_ONLY: ProjectScenarios = { cells: [], tables: [], builtin: true, configFile: null };

/**
 * Every scenario listed in the results (built-in cells of the selection, selected or not, and the
 * user's), and the cells to run: both discovered the same way, both made into cells by `cellOf`.
 */
export async function planCells(options: ResolvedBenchOptions, project: ProjectScenarios): Promise<{ scenarios: ScenarioInfo[]; cells: BenchCell[] }> {
  const builtin = project.builtin ? await loadMatrix(options.workloads, options.libraries) : [];
  const own = project.revisions ? revisionCells(project.cells, project.revisions, project.budget) : project.cells.map((discovered) => cellOf(discovered, project.budget));
  const planned = expandDimensions(
    [...builtin.map((discovered) => cellOf(discovered, project.budget, selectedBy(options, discovered.tags))), ...own],
    options.batchSizes,
    conditionsOf(options),
    options.variants?.map((variant) => variant.label) ?? [],
  );
  return { scenarios: planned.map((cell) => cell.info), cells: planned.filter(runnable) };
}

/**
 * `--against`: each scenario that exists in both trees as two cells, the revision's first, both
 * labelled (`name{main}`, `name{HEAD}`); a scenario on one side only is not run (its cell
 * is listed, unselected, with why).
 */
export function revisionCells(head: readonly UserScenarioCell[], revisions: RevisionPair, budget: Budget | undefined): BenchCell[] {
  const labelled = (discovered: UserScenarioCell, label: string, selected: boolean, why?: string): BenchCell => {
    const cell = cellOf({ ...discovered, id: `${discovered.id}${variantSuffix(label)}` }, budget, selected);
    cell.info.variant = label;
    if (why) cell.info.notes = [...(cell.info.notes ?? []), why];
    return cell;
  };
  const headIds = new Set(head.map((cell) => cell.id));
  const cells: BenchCell[] = [];
  for (const discovered of head) {
    const base = revisions.base.cells.find((candidate) => candidate.id === discovered.id);
    if (base) cells.push(labelled(base, revisions.base.label, true), labelled(discovered, revisions.head.label, true));
    else cells.push(labelled(discovered, revisions.head.label, false, `not compared: no scenario ${discovered.id} at ${revisions.base.ref}`));
  }
  for (const discovered of revisions.base.cells) {
    if (!headIds.has(discovered.id)) cells.push(labelled(discovered, revisions.base.label, false, `not compared: only at ${revisions.base.ref}, not in the working tree`));
  }
  return cells;
}

/**
 * With `--shard i/n`: the split of every (cell, size) of the benchmark into n shards balanced by
 * expected duration (harness/run/shards.ts), from `--durations`, else the `--baseline`'s runs,
 * else the built-in estimate. Reads files only; a bad one is a one-line error.
 */
async function planShard(options: ResolvedBenchOptions, cells: readonly BenchCell[]): Promise<ShardPlan | null> {
  if (!options.shard) return null;
  const units = options.rows.flatMap((tableRows) => cells.map((cell) => ({ scenarioId: cell.info.id, strategy: cell.info.strategy, tableRows })));
  const durations = options.durationsPath ? await readDurations(options.durationsPath) : null;
  const baseline = options.baselinePath && !durations ? durationsOf(await readResults(options.baselinePath)) : null;
  const runs = options.adaptiveRepeats ? options.adaptiveRepeats.min : options.repeat;
  return planShards(units, options.shard, { runs, timed: options.timing !== null, adaptive: options.adaptiveRepeats != null }, { durations, baseline, durationsPath: options.durationsPath, baselinePath: options.baselinePath });
}

/** One line for the person watching: which part of the work this shard is, and why. */
function describeShard(plan: ShardPlan): string {
  const mine = plan.units.filter((unit) => unit.shard === plan.index);
  const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  const expected = mine.reduce((sum, unit) => sum + unit.expectedMs, 0);
  const whole = plan.units.reduce((sum, unit) => sum + unit.expectedMs, 0);
  return `Shard ${plan.index}/${plan.count}: ${mine.length} of ${plan.units.length} cells, expected ${minutes(expected)} of ${minutes(whole)} (${plan.basis})`;
}

/** Everything one benchmark shares between its stages. */
interface Session {
  options: ResolvedBenchOptions;
  observer: BenchmarkObserver;
  project: ProjectScenarios;
  cells: BenchCell[];
  server: DatabaseServer;
  catalog: DatabaseCatalog;
  results: BenchmarkResults;
  resultsPath: string;
  scratch: string;
  abort: AbortController;
  /** Set by Ctrl-C, SIGTERM. */
  interrupted: () => boolean;
  /** What the benchmark is doing now, for the message should the environment fail. */
  during: string;
  runCounter: number;
  /** Runs started so far (for the progress line) and the whole plan (for the ETA). */
  index: number;
  total: number;
  plan: PlannedRun[];
  finishedRuns: FinishedRun[];
  seedRowsPerSecond: number | null;
  environmentFailure: EnvironmentFailure | null;
  /** With `--shard`: the split, and which units (cell × size) are this shard's. */
  shard: ShardPlan | null;
  /** Whether this benchmark (its shard, if sharded) runs a cell at a size. */
  runsUnit: (cell: BenchCell, tableRows: number) => boolean;
  /** The delay proxy of each network condition (by {@link networkKey}); none without `--latency`. */
  links: Map<string, NetworkLink>;
  /** The installed `--versions` variants, by label; empty without. */
  variants: Map<string, InstalledVariant>;
  /** With `--auto`: when adding rounds stops (set when the first size's rounds are judged). */
  autoDeadline: number | null;
}

/** A stage stopped the benchmark: Ctrl-C, or the database went away. */
class StopBenchmark extends Error {}

/** The embedded server, or the one the user gave; said to the observer either way. */
async function startServer(options: ResolvedBenchOptions, given: DatabaseServer | null, observer: BenchmarkObserver): Promise<DatabaseServer> {
  if (given) {
    observer.info(`Using the PostgreSQL server at the given URL (${given.version.split(',')[0]})`);
    return given;
  }
  await checkDiskForEmbedded(options.rows, options.payloadBytes);
  observer.info('Starting an embedded PostgreSQL (no DATABASE_URL or --database-url given)…');
  const server = await startEmbeddedServer();
  observer.info(`Embedded ${server.version.split(',')[0]} is up`);
  return server;
}

/** Templates of every table the cells use at one size, said to the observer and recorded. */
async function prepareSize(session: Session, cells: readonly BenchCell[], tableRows: number): Promise<Map<string, PreparedTable>> {
  const { options, observer, results } = session;
  const tables = [...new Set(cells.map((cell) => cell.info.table))];
  session.during = `while preparing the tables of ${tableRows} rows`;
  if (tables.includes(SEEDED_TABLE)) {
    session.during = `while seeding ${tableRows} rows`;
    observer.info(`Seeding ${tableRows} rows of about ${options.payloadBytes} bytes…`);
  }
  const prepared = await prepareTables(
    session.catalog,
    { tables, definitions: session.project.tables, tableRows, payloadBytes: options.payloadBytes, sourceUrl: options.databaseUrl },
    observer.seedProgress,
  );
  for (const { info, seed } of prepared.values()) {
    if (seed) {
      observer.info(seed.reused ? `Reusing the seeded template ${info.template}` : `Seeded ${info.template} in ${(seed.seedMs / 1000).toFixed(1)} s (${Math.round(seed.rowsPerSecond ?? 0)} rows/s)`);
      results.context.seeds.push(seed);
      if (!seed.reused && seed.rowsPerSecond !== null) session.seedRowsPerSecond = seed.rowsPerSecond;
    } else if (info.kind === 'generated') {
      observer.info(info.reused ? `Reusing the generated ${info.table} in ${info.template}` : `Generated ${info.rows} rows of ${info.table} in ${info.template} (${(info.buildMs / 1000).toFixed(1)} s)`);
    } else {
      const fewer = info.rows < info.requestedRows ? ` (the table has only ${info.availableRows} rows)` : '';
      observer.info(`${info.reused ? 'Reusing the copy' : `Copied ${info.rows} rows`} of ${info.table}${fewer} in ${info.template}${info.reused ? '' : ` (${(info.buildMs / 1000).toFixed(1)} s)`}`);
      for (const line of info.leftOut) observer.info(`  left out of the copy: ${line}`);
    }
    results.context.tables.push(info);
  }
  await writeResults(session.resultsPath, results);
  return prepared;
}

/** A fresh copy of the cell's table for one run, its target, and what to do after. */
async function withRunDatabase<T>(session: Session, cell: BenchCell, table: PreparedTable, label: string, work: (target: RunTarget, database: string) => Promise<T>): Promise<T> {
  session.runCounter += 1;
  const database = runDatabaseName(session.runCounter);
  session.during = `while copying the template for ${label}`;
  const target: RunTarget = {
    databaseUrl: await session.catalog.create(database, table.info.template),
    tableRows: table.info.rows,
    payloadBytes: session.options.payloadBytes,
    outputPath: join(session.scratch, `run-${session.runCounter}.ndjson`),
  };
  try {
    session.during = `during ${label}`;
    await cell.workload?.prepare(target);
    return await work(target, database);
  } finally {
    await cell.workload?.cleanup(target).catch(() => undefined);
    if (!cell.workload) await rm(target.outputPath, { force: true }).catch(() => undefined);
    await session.catalog.drop(database).catch((error: unknown) => {
      if (!session.interrupted() && !session.environmentFailure) session.observer.info(`Could not drop ${database}: ${oneLine(error)}`);
    });
  }
}

/** What a child of an installed variant needs; null for a cell without one (or a revision, whose packages are its tree's). */
function runtimeOf(variant: InstalledVariant | undefined): VariantRuntime | null {
  return variant && variant.packages.length > 0 ? { directory: variant.directory, packages: variant.packages.map((entry) => entry.name) } : null;
}

/**
 * Every `--versions` variant installed into the version cache (or an earlier install reused),
 * said one line each. A version npm cannot install is a one-line error before the server starts.
 */
async function installVariants(variants: readonly VariantSpec[] | null, observer: BenchmarkObserver): Promise<Map<string, InstalledVariant>> {
  const installed = new Map<string, InstalledVariant>();
  for (const variant of variants ?? []) {
    const what = variant.packages.map((entry) => `${entry.name}@${entry.version}`).join(' + ');
    observer.info(`Installing ${variant.label} (${what}) into the version cache…`);
    const done = await installVariant(variant);
    installed.set(variant.label, done);
    observer.info(`  ${variant.label}: ${Object.entries(done.resolved).map(([name, version]) => `${name} ${version}`).join(', ')}${done.reused ? ' (reused from the cache)' : ''} in ${done.directory}`);
  }
  return installed;
}

/** `--against`: the two trees as the variants of the comparison, the revision first (the baseline). */
function revisionVariants(revisions: RevisionPair): Map<string, InstalledVariant> {
  const side = (label: string, commit: string | null): InstalledVariant => ({ label, directory: '', packages: [], resolved: commit ? { git: commit } : {}, reused: false });
  return new Map([
    [revisions.base.label, side(revisions.base.label, revisions.base.commit)],
    [revisions.head.label, side(revisions.head.label, revisions.head.commit)],
  ]);
}

/** The cell's delay proxy, when it runs over a network. */
function linkOf(session: Session, cell: BenchCell): NetworkLink | null {
  return session.links.get(networkKey(cell.info.conditions)) ?? null;
}

/**
 * The delay proxies of every network condition the cells run under, started and calibrated once
 * for the benchmark (harness/run/network/proxy.ts), each said in one line and recorded. A latency
 * the proxy cannot make is a one-line refusal before anything is measured.
 */
async function startLinks(cells: readonly BenchCell[], server: DatabaseServer, observer: BenchmarkObserver, links: Map<string, NetworkLink>): Promise<void> {
  for (const cell of cells) {
    const key = networkKey(cell.info.conditions);
    if (key === '' || links.has(key) || !cell.info.conditions) continue;
    observer.info(`Starting and calibrating the delay proxy for ${key}…`);
    const { latencyMs, bandwidthMbit } = cell.info.conditions;
    const link = await startNetworkLink(server.adminUrl, { latencyMs, bandwidthMbit });
    links.set(key, link);
    const { calibration } = link;
    observer.info(
      `  ${key}: SELECT 1 round trip ${calibration.measuredMs.toFixed(3)} ms through the proxy (direct ${calibration.baselineMs.toFixed(3)} ms + asked ${calibration.askedMs} ms; the proxy holds bytes ${calibration.proxyDelayMs.toFixed(3)} ms, the rest is its hop and wake-ups)`,
    );
  }
}

/** What both a measured run and a warm timing hand their child: the cell, its database copy and the options. */
function childInputs(session: Session, cell: BenchCell, target: RunTarget) {
  const { options } = session;
  const link = linkOf(session, cell);
  return {
    scenario: cell.info,
    modulePath: cell.modulePath,
    // The child alone goes over the network; rowmeter's own copy, checks and drop go direct.
    databaseUrl: link ? link.route(target.databaseUrl) : target.databaseUrl,
    variant: runtimeOf(session.variants.get(cell.info.variant ?? '')),
    tableRows: target.tableRows,
    payloadBytes: options.payloadBytes,
    outputPath: target.outputPath,
    batchSize: options.batchSize,
    pipelineDepth: options.pipelineDepth,
    sinkBytesPerSecond: cell.info.conditions?.sinkMBps == null ? null : cell.info.conditions.sinkMBps * 1_000_000,
    signal: session.abort.signal,
  };
}

/** One measured run of one cell: a fresh database copy, a fresh child, the result written at once. */
async function measureRun(session: Session, cell: BenchCell, table: PreparedTable, repeat: number): Promise<void> {
  const { options, observer, results } = session;
  const tableRows = table.info.rows;
  session.index += 1;
  const etaMs = estimateRemainingMs({
    remaining: session.plan.slice(session.index - 1),
    finished: session.finishedRuns,
    seeds: options.rows.filter((rows) => rows > table.info.requestedRows).map((rows) => ({ rows })),
    seedRowsPerSecond: session.seedRowsPerSecond,
  });
  observer.runStarted(cell.info, repeat, session.index, session.total, tableRows, etaMs);
  const startedAt = performance.now();
  const label = `${cell.info.id} #${repeat} (${tableRows} rows)`;
  const link = linkOf(session, cell);
  try {
    let proxyCpuBefore: number | null = null;
    const run = await withRunDatabase(session, cell, table, label, (target, database) => {
      proxyCpuBefore = link?.cpuMs() ?? null;
      return runOnce({
        ...childInputs(session, cell, target),
        repeat,
        intervalMs: options.intervalMs,
        timeoutMs: options.timeoutMs,
        memoryLimitBytes: options.memoryLimitBytes,
        heapLimitBytes: options.heapLimitBytes,
        serverMonitor: { adminUrl: session.server.adminUrl, database },
        checkDatabase: () => session.server.checkAlive(),
        ...(cell.workload ? { verify: () => cell.workload!.verify(target) } : {}),
        verifyInChild: cell.verifyInChild,
        table: cell.info.table,
        params: cell.info.params,
        onProgress: (rows) => observer.runProgress(rows, tableRows),
      });
    });
    if (cell.info.conditions) run.conditions = cell.info.conditions;
    if (cell.info.variant !== undefined) run.variant = cell.info.variant;
    if (cell.info.conditions?.sinkMBps != null && run.status === 'ok') run.memoryBound = memoryBoundOf(run.heapSamples);
    if (link) {
      const after = link.cpuMs();
      run.proxyCpuMs = after === null || proxyCpuBefore === null ? null : Math.round(after - proxyCpuBefore);
    }
    // A run cut short by Ctrl-C measured nothing real: keep it out of the results.
    if (session.interrupted()) throw new StopBenchmark();
    run.overheadMs = Math.max(0, Math.round(performance.now() - startedAt - run.wallMs));
    if (session.shard) run.shard = session.shard.index;
    if (run.status !== 'ok' && run.failure && cell.info.file) run.failure.message = `${run.failure.message} (${cell.info.file})`;
    results.runs.push(run);
    await writeResults(session.resultsPath, results);
    observer.runFinished(run, session.index, session.total);
    if (run.status === 'database-lost') {
      session.environmentFailure = { kind: 'database-lost', message: `${session.server.description} went away during ${label}: ${run.failure?.message ?? 'no message'}` };
      throw new StopBenchmark();
    }
  } finally {
    session.finishedRuns.push({ scenarioId: cell.info.id, tableRows: table.info.requestedRows, durationMs: performance.now() - startedAt });
  }
}

/** Warm timing of a cell on a built-in workload (harness/run/timing.ts); a job of its own has no reset, so it is not timed. */
async function timeCell(session: Session, cell: BenchCell, table: PreparedTable): Promise<void> {
  const { options, observer, results } = session;
  const timing = options.timing;
  const workload = cell.workload;
  if (!timing || !workload) return;
  const info = cell.info;
  const tableRows = table.info.rows;
  const label = `${info.id} warm timing (${tableRows} rows)`;
  observer.info(`Timing ${info.id} warm at ${tableRows} rows: ${timing.warmupIterations} warm-up + ${timing.iterations} iterations…`);
  const startedAt = performance.now();
  const entry: TimingEntry = await withRunDatabase(session, cell, table, label, (target) =>
    runTiming({ ...childInputs(session, cell, target), timing, workload: workload.name, verify: () => workload.verify(target) }),
  );
  if (session.interrupted()) throw new StopBenchmark();
  entry.durationMs = Math.round(performance.now() - startedAt);
  if (session.shard) entry.shard = session.shard.index;
  results.timings.push(entry);
  await writeResults(session.resultsPath, results);
  observer.info(
    entry.status === 'ok'
      ? `  ${info.id} warm: ${entry.meanMs?.toFixed(1)} ms ± ${entry.rme?.toFixed(1)} % over ${entry.samples} iterations`
      : `  ${info.id} warm: ${entry.status.toUpperCase()} — ${entry.failure?.message ?? ''}`,
  );
}

/**
 * One table size: its templates, then every round of every cell (repeats interleaved), then warm
 * timings. With `--shard`, only this shard's cells, and nothing at a size it has none of.
 */
async function measureSize(session: Session, requestedRows: number): Promise<void> {
  const cells = session.cells.filter((cell) => session.runsUnit(cell, requestedRows));
  if (cells.length === 0) return;
  const tables = await prepareSize(session, cells, requestedRows);
  const { repeat: rounds, adaptiveRepeats: policy } = session.options;
  const runsOf = (cell: BenchCell) => session.results.runs.filter((run) => run.scenarioId === cell.info.id && run.tableRows === tables.get(cell.info.table)!.info.rows);
  for (let repeat = 1; repeat <= rounds; repeat += 1) {
    // Adaptive: past the first rounds, only the cells whose runs so far disagree run again.
    const due = policy && repeat > policy.min ? cells.filter((cell) => adaptiveVerdict(runsOf(cell), policy).more) : cells;
    if (due.length === 0) break;
    if (policy && repeat > policy.min) {
      session.plan.push(...due.map((cell) => ({ scenarioId: cell.info.id, tableRows: requestedRows })));
      session.total += due.length;
      session.observer.info(`Round ${repeat} at ${requestedRows} rows: ${due.length} of ${cells.length} cells whose runs disagree`);
    }
    for (const cell of roundOrder(due, repeat)) {
      if (session.interrupted()) throw new StopBenchmark();
      await measureRun(session, cell, tables.get(cell.info.table)!, repeat);
    }
  }
  if (session.options.autoResolve && session.variants.size > 1) await autoRounds(session, cells, tables, requestedRows);
  for (const cell of cells) session.results.repeats!.push(repeatDecision(cell.info.id, tables.get(cell.info.table)!.info.rows, runsOf(cell), policy ?? null, rounds));
  for (const cell of cells) {
    if (session.interrupted()) throw new StopBenchmark();
    await timeCell(session, cell, tables.get(cell.info.table)!);
  }
}

/**
 * The cells (every variant of each) whose variant differences at this size are not resolved yet:
 * a peak RSS or wall time difference missing (fewer than two pairs) or with an interval that
 * crosses zero without lying within ±tolerance.
 */
function unresolvedCells(session: Session, cells: readonly BenchCell[], tableRowsOf: (cell: BenchCell) => number): BenchCell[] {
  const tolerance = (session.options.autoResolve?.tolerancePercent ?? 0) / 100;
  // Once per round: every cell's comparisons come from the same runs.
  const comparisons = variantComparisons(session.results, tolerance);
  const resolved = (key: string, tableRows: number): boolean => {
    const mine = comparisons.filter((comparison) => comparison.scenarioId === key && comparison.tableRows === tableRows);
    if (mine.length === 0) return false;
    return mine.every((comparison) =>
      (['peakRssBytes', 'wallMs'] as const).every((metric) => {
        const difference = comparison.differences.find((entry) => entry.metric === metric);
        return difference !== undefined && difference.verdict !== 'unresolved';
      }),
    );
  };
  return cells.filter((cell) => cell.info.variant !== undefined && !resolved(withoutVariant(cell.info.id), tableRowsOf(cell)));
}

/**
 * `--auto`: after the first rounds, one more interleaved round at a time for the cells whose
 * differences are unresolved, until none is or `--auto-timeout` (counted from the first time this
 * runs) has passed; what stayed unresolved is said and recorded.
 */
async function autoRounds(session: Session, cells: readonly BenchCell[], tables: Map<string, PreparedTable>, requestedRows: number): Promise<void> {
  const auto = session.options.autoResolve!;
  session.autoDeadline ??= performance.now() + auto.timeoutMs;
  const tableRows = (cell: BenchCell) => tables.get(cell.info.table)!.info.rows;
  for (let round = auto.firstRounds + 1; ; round += 1) {
    const due = unresolvedCells(session, cells, tableRows);
    if (due.length === 0) return;
    if (performance.now() >= session.autoDeadline) {
      const left = [...new Set(due.map((cell) => `${withoutVariant(cell.info.id)} at ${tableRows(cell)} rows`))];
      session.results.context.autoUnresolved = [...(session.results.context.autoUnresolved ?? []), ...left];
      session.observer.info(`--auto-timeout reached: ${left.length} cell${left.length === 1 ? '' : 's'} still unresolved after ${round - 1} rounds (${left.join(', ')})`);
      return;
    }
    session.plan.push(...due.map((cell) => ({ scenarioId: cell.info.id, tableRows: requestedRows })));
    session.total += due.length;
    session.observer.info(`Round ${round} at ${requestedRows} rows (--auto): ${due.length / Math.max(1, session.variants.size)} cells' differences still unresolved`);
    for (const cell of roundOrder(due, round)) {
      if (session.interrupted()) throw new StopBenchmark();
      await measureRun(session, cell, tables.get(cell.info.table)!, round);
    }
  }
}

/**
 * What rowmeters that are gone (killed with SIGKILL, a machine that rebooted) left behind, and
 * only that: their temp folders here, and their run databases on the given server. Said in one line.
 */
async function cleanUpAfterTheDead(given: DatabaseServer | null, observer: BenchmarkObserver): Promise<void> {
  const folders = await removeOrphanFolders([tmpdir(), '/tmp', '/var/tmp']);
  const databases = given ? await dropOrphanRunDatabases(given.adminUrl) : [];
  const what = [...databases.map((name) => `dropped ${name}`), ...folders.map((path) => `removed ${path}`)];
  if (what.length > 0) observer.info(`Cleaned up after a rowmeter that is gone: ${what.join(', ')}`);
}

/** Derived figures, computed from the runs whenever results are final or cut short. */
function judged(results: BenchmarkResults): BenchmarkResults {
  results.growth = growthEntries(results);
  results.budgets = judgeBudgets(results.scenarios, results.runs);
  if (results.context.variants) results.variantComparisons = variantComparisons(results, (results.context.options.autoResolve?.tolerancePercent ?? 0) / 100);
  return results;
}

/**
 * The final results.json, and beside it durations.json: what each cell cost this time, for the
 * next `--shard` split (`--durations`).
 */
async function writeFinal(resultsPath: string, results: BenchmarkResults): Promise<void> {
  await writeResults(resultsPath, judged(results));
  await writeDurations(join(dirname(resultsPath), 'durations.json'), durationsOf(results));
}

/**
 * The whole pipeline for one benchmark: plan the cells → server → for each table size
 * (smallest first) its templates → for each round, each cell, a fresh database copy and a fresh
 * child → a result written after every run → growth and budgets. Always stops what it started,
 * also on Ctrl-C and on errors.
 */
export async function runBenchmark(requested: ResolvedBenchOptions, observer: BenchmarkObserver, project: ProjectScenarios = BUILTIN_ONLY): Promise<BenchmarkOutcome> {
  const startedAt = new Date();
  // Every check that can fail on bad input comes before anything is created. The built-in
  // cells run with the user's own libraries: those not installed are skipped (or, named, refused).
  const installed = project.builtin ? installedLibraries(requested.libraries, requested.librariesGiven) : { libraries: requested.libraries, skipped: null };
  const options: ResolvedBenchOptions = { ...requested, libraries: installed.libraries };
  if (installed.skipped) observer.info(installed.skipped);
  const { scenarios, cells } = await planCells(options, project);
  const tables = [...new Set(cells.map((cell) => cell.info.table))];
  checkTableSources(tables, project.tables, options.databaseUrl, project.configFile ?? 'the config');
  checkTableKinds(tables, project.tables, options.rows, project.configFile ?? 'the config');
  if (options.outDir !== null) refuseEarlierResults(resolve(options.outDir), options.overwrite);
  const given = options.databaseUrl ? await connectToServer(options.databaseUrl) : null;
  const variants = project.revisions ? revisionVariants(project.revisions) : await installVariants(options.variants, observer);
  await checkExistingTables(tables, project.tables, options.databaseUrl, project.configFile ?? 'the config');
  const shard = await planShard(options, cells);
  const shardUnits = shard ? new Set(shard.units.filter((unit) => unit.shard === shard.index).map((unit) => unit.key)) : null;
  const runsUnit = (cell: BenchCell, tableRows: number) => shardUnits === null || shardUnits.has(unitKey({ scenarioId: cell.info.id, tableRows }));
  const outDir = await prepareOutDir(options.outDir, options.rows, startedAt, process.cwd(), options.overwrite);
  const resultsPath = join(outDir, 'results.json');
  // Adaptive repeats plan their first rounds; the rounds a disagreement adds join the plan then.
  const plannedRounds = options.adaptiveRepeats ? options.adaptiveRepeats.min : options.repeat;
  const plan = options.rows.flatMap((tableRows) => Array.from({ length: plannedRounds }, () => cells.filter((cell) => runsUnit(cell, tableRows)).map((cell) => ({ scenarioId: cell.info.id, tableRows }))).flat());
  const total = plan.length;
  if (shard) observer.info(describeShard(shard));

  const abort = new AbortController();
  let interrupted = false;
  let interruptedBy: InterruptSignal = 'SIGINT';
  onInterrupt((signal) => {
    interrupted = true;
    interruptedBy = signal;
    observer.info(`Interrupted (${signal}): stopping the running child, writing what was measured and cleaning up (again to exit at once)…`);
    abort.abort();
  });
  await cleanUpAfterTheDead(given, observer);
  const scratch = await scratchDirectory();
  let lowLatency: LowLatencyHold | null = null;
  let server: DatabaseServer | null = given;
  let releaseOwnerLock: () => Promise<void> = async () => undefined;
  let catalog: DatabaseCatalog | null = null;
  let session: Session | null = null;
  try {
    server = await startServer(options, given, observer);
    // Held from here, the server up and every input checked, to the end (harness/run/low-latency.ts).
    lowLatency = holdLowLatency(options.lowLatency);
    observer.info(lowLatency.state.held ? `Low-latency idle: ${lowLatency.state.detail}` : `Low-latency idle ${lowLatency.state.detail}`);
    // Held while this benchmark lives: the next rowmeter on this server knows its run databases are not orphans.
    if (given) releaseOwnerLock = await holdOwnerLock(given.adminUrl);
    catalog = new DatabaseCatalog(server);
    const context = describeContext(recordedOptions(options), server.version, [], startedAt);
    context.configFile = project.configFile;
    context.lowLatency = lowLatency.state;
    if (shard) context.shard = shard;
    session = {
      options,
      observer,
      project,
      cells,
      server,
      catalog,
      results: { schemaVersion: SCHEMA_VERSION, tool: 'rowmeter', context, scenarios, runs: [], growth: [], timings: [], budgets: [], repeats: [] },
      resultsPath,
      scratch: scratch.path,
      abort,
      interrupted: () => interrupted,
      during: 'while starting',
      runCounter: 0,
      index: 0,
      total,
      // The whole plan in order, for the ETA: sizes, then rounds, then scenarios.
      plan,
      finishedRuns: [],
      seedRowsPerSecond: null,
      environmentFailure: null,
      shard,
      runsUnit,
      links: new Map(),
      variants,
      autoDeadline: null,
    };
    if (variants.size > 0) context.variants = [...variants.values()].map((variant) => ({ label: variant.label, packages: variant.packages, resolved: variant.resolved, reused: variant.reused }));
    await startLinks(cells, server, observer, session.links);
    if (session.links.size > 0) {
      context.network = [...session.links.values()].map((link) => ({ mechanism: 'tcp-delay-proxy' as const, ...link.conditions, calibration: link.calibration }));
      await writeResults(resultsPath, session.results);
    }
    for (const tableRows of options.rows) await measureSize(session, tableRows);
    session.results.context.finishedAt = new Date().toISOString();
    await writeFinal(resultsPath, session.results);
    return { results: session.results, outDir, resultsPath, interrupted: false, environmentFailure: null, plannedRuns: session.total };
  } catch (error) {
    // Ctrl-C in a terminal reaches the whole process group at once: the server can fail our query
    // ("shutting down") before Node runs our own SIGINT handler. Let a signal on its way land
    // before calling this an environment failure (seen under load: exit 3 instead of 130).
    if (!interrupted) await new Promise((resolve) => setTimeout(resolve, 250));
    return await endEarly(error, { session, server, interrupted, interruptedBy, outDir, resultsPath, total });
  } finally {
    if (catalog) {
      // A server that is gone needs no cleaning; one that is there but cannot drop (its disk is
      // full, a checkpoint fails) keeps our databases: say which, so they can be dropped by hand.
      const left = await catalog.dropAll();
      if (left.length > 0 && session?.environmentFailure?.kind !== 'database-lost' && !interrupted) {
        observer.info(`Could not drop ${left.map((entry) => `${entry.name} (${entry.reason})`).join(', ')}: drop ${left.length === 1 ? 'it' : 'them'} with DROP DATABASE when the server allows`);
      }
    }
    for (const link of session?.links.values() ?? []) await link.stop().catch(() => undefined);
    await releaseOwnerLock();
    if (server) await server.stop();
    scratch.remove();
    lowLatency?.release();
  }
}

/**
 * A benchmark cut short: by Ctrl-C (whatever failed then is the interruption, not a separate
 * error), by the environment (the database went away, a disk filled), or by a bug (rethrown).
 * What was measured is kept, judged and written, results marked unfinished.
 */
async function endEarly(
  error: unknown,
  state: { session: Session | null; server: DatabaseServer | null; interrupted: boolean; interruptedBy: InterruptSignal; outDir: string; resultsPath: string; total: number },
): Promise<BenchmarkOutcome> {
  const { session, outDir, resultsPath } = state;
  // Adaptive repeats may have added rounds to the plan.
  const total = session?.total ?? state.total;
  const results = session && session.results.context.seeds.length + session.results.context.tables.length > 0 ? session.results : null;
  if (state.interrupted) {
    if (!results) throw new InterruptedError(state.interruptedBy);
    await writeFinal(resultsPath, results);
    return { results, outDir, resultsPath, interrupted: true, interruptedBy: state.interruptedBy, environmentFailure: null, plannedRuns: total };
  }
  const environmentFailure = session?.environmentFailure ?? (await environmentFailureOf(error instanceof StopBenchmark ? null : error, state.server, session?.during ?? 'while starting'));
  if (environmentFailure === null) throw error;
  if (!results) throw new EnvironmentError(environmentFailure.kind, environmentFailure.message, { cause: error });
  // On a full disk this write may fail too; the last complete results.json is then what stays.
  await writeFinal(resultsPath, results).catch(() => undefined);
  return { results, outDir, resultsPath, interrupted: false, environmentFailure, plannedRuns: total };
}
