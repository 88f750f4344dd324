#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import Table from 'cli-table3';
import { loadMatrix } from '../config/builtin.js';
import { BUILTIN_ONLY, InterruptedError, runBenchmark, type ProjectScenarios, type RevisionPair } from '../run/benchmark.js';
import { refuseEarlierResults } from '../store/earlier.js';
import { exitCodeForSignal } from '../run/cleanup.js';
import { exceededBudgetLines } from '../budget.js';
import { discoverScenarios, findScenarioFiles, type UserScenarioCell } from '../config/discover.js';
import { checkOutRevision } from '../variants/revision.js';
import { comparisonsOf, pairedRegressions, PAIRED_THRESHOLDS, regressionLine } from '../compare/variants.js';
import { CONFIG_FILES, displayPath, loadConfig } from '../config/load.js';
import { mergeConfig } from '../config/merge.js';
import { ModuleCache } from '../config/module.js';
import { formatBudgetFigure } from '../format.js';
import { initSummary, runInit } from './init.js';
import { registerUrlSecret, scrubStandardStreams } from '../secrets.js';
import { EnvironmentError, isDiskFull, oneLine, UsageError } from '../errors.js';
import { DEFAULTS, resolveBenchOptions, resolveReprojection, type RawBenchOptions, type ReprojectionFlags } from '../config/options.js';
import { growthEntries } from '../growth.js';
import { LIBRARIES, STRATEGIES_BY_WORKLOAD, WORKLOADS, shortScenarioId, strategiesOf, type StrategyName } from '../results.js';
import { COMPACT_TABLE, renderAnswer, renderSummaryTable, terminalObserver } from './terminal.js';
import { rowmeterVersion } from '../store/context.js';
import { compareWithBaseline, readComparable, runCompare, thresholdsFromFlags, writeComparisonMarkdown, type ThresholdFlags } from '../compare/command.js';
import { appendHistory, historyViews, readHistory, readHistoryIfExists } from '../compare/history.js';
import { renderComparisonTable } from '../compare/render.js';
import { writeReports, type ReportView } from '../report/index.js';
import { readResults } from '../store/store.js';
import { runMerge, type MergeFlags } from '../merge/command.js';
import { DEFAULT_SAMPLE_ROWS, runTwin, type TwinFlags } from '../twin/command.js';
import { dirname, join, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { tmpdir } from 'node:os';
import { checkTempFolder, ensureDirectory, PathError } from '../paths.js';

/** Exit codes, for CI: */
export const EXIT = {
  /** Every run ok (and, with a baseline, no regression). */
  ok: 0,
  /** A run failed (crashed, timed out, exceeded the memory limit, or left wrong rows), a budget was exceeded, or a regression. */
  failed: 1,
  /** Bad input: flags, files, database URL. Nothing was created or dropped. */
  usage: 2,
  /** The environment failed: the database went away or a disk is full. What was measured is kept. */
  environment: 3,
  /** Interrupted by Ctrl-C; results measured so far are kept. SIGTERM gives 143 and SIGHUP 129 (128 + the signal's number), with the same care. */
  interrupted: 130,
} as const;

async function listMatrix(): Promise<void> {
  const matrix = await loadMatrix();
  for (const workload of WORKLOADS) {
    const table = new Table({ head: [workload, ...LIBRARIES], style: { head: [], border: [] }, chars: COMPACT_TABLE });
    for (const strategy of STRATEGIES_BY_WORKLOAD[workload] as readonly StrategyName[]) {
      table.push([
        strategy,
        ...LIBRARIES.map((library) => {
          const cell = matrix.find((candidate) => candidate.tags.workload === workload && candidate.tags.library === library && candidate.tags.strategy === strategy);
          return cell ? (cell.support ?? 'native') : 'missing';
        }),
      ]);
    }
    process.stdout.write(`${table.toString()}\n\n`);
  }
  for (const workload of WORKLOADS) {
    process.stdout.write(`${workload}:\n`);
    for (const cell of matrix.filter((candidate) => candidate.tags.workload === workload)) {
      const support = cell.support ?? 'native';
      const detail = support === 'unsupported' ? `not supported: ${cell.unsupportedReason ?? ''}` : (cell.description ?? '');
      process.stdout.write(`  ${shortScenarioId(cell.id)} (${support}): ${detail}\n`);
    }
  }
}

interface BenchFlags extends RawBenchOptions {
  list?: boolean;
  config?: string;
}

/**
 * The user's project: the config (found or given), its values laid under the flags, and its
 * scenarios discovered and loaded. Everything here fails on bad input before a database is touched.
 */
async function loadProject(raw: BenchFlags, command: Command, cache: ModuleCache): Promise<{ flags: RawBenchOptions; project: ProjectScenarios }> {
  const cwd = process.cwd();
  const loaded = await loadConfig(cwd, cache, raw.config);
  if (loaded.file === null) {
    if (raw.against !== undefined) throw new UsageError('--against compares your own scenarios between revisions, and there is no rowmeter config here (rowmeter init makes one)');
    return { flags: raw, project: BUILTIN_ONLY };
  }
  const shown = displayPath(loaded.file, cwd);
  const flags = mergeConfig(raw, (flag) => command.getOptionValueSource(flag) as string | undefined, loaded.config, loaded.directory, shown);
  const builtin = loaded.config.builtin ?? false;
  // With the built-in suite asked for and no scenarios key, finding no file of one's own is fine.
  const cells = builtin && loaded.config.scenarios === undefined && (await findScenarioFiles(loaded, shown).catch(() => [])).length === 0 ? [] : await discoverScenarios(loaded, cache, shown, cwd);
  const project: ProjectScenarios = { cells, tables: loaded.config.tables ?? [], ...(loaded.config.budget ? { budget: loaded.config.budget } : {}), builtin, configFile: shown };
  if (raw.against !== undefined) project.revisions = await loadRevision({ ...flags, against: raw.against }, loaded.file, cells, cache);
  return { flags, project };
}

/**
 * `--against`: the project at another revision in a temporary worktree, its config and scenarios
 * discovered there the same way. Refused with `--versions` (one comparison at a time) and for a
 * scenario-less project.
 */
async function loadRevision(raw: BenchFlags, configFile: string, cells: readonly UserScenarioCell[], cache: ModuleCache): Promise<RevisionPair> {
  if (raw.versions !== undefined) throw new UsageError('--against and --versions compare one thing at a time: give one of them');
  if (cells.length === 0) throw new UsageError('--against compares your own scenarios between revisions, and the config selects none');
  const cwd = process.cwd();
  const revision = await checkOutRevision(cwd, raw.against!);
  const baseConfig = join(revision.directory, relative(cwd, configFile));
  if (!existsSync(baseConfig)) throw new UsageError(`--against ${revision.ref}: ${relative(cwd, configFile)} does not exist at ${revision.ref}`);
  const loaded = await loadConfig(revision.directory, cache, baseConfig);
  const shown = `${relative(cwd, configFile)} at ${revision.label}`;
  const baseCells = await discoverScenarios(loaded, cache, shown, revision.directory);
  const headCommit = await execa('git', ['rev-parse', 'HEAD'], { cwd, reject: false });
  process.stderr.write(`Comparing with ${revision.ref} (${revision.commit.slice(0, 8)}) checked out in ${revision.directory}; its dependencies: ${revision.dependencies}\n`);
  return { base: { label: revision.label, ref: revision.ref, commit: revision.commit, cells: baseCells }, head: { label: revision.label === 'HEAD' ? 'working-tree' : 'HEAD', commit: headCommit.exitCode === 0 ? headCommit.stdout.trim() : null } };
}

async function bench(raw: BenchFlags, command: Command): Promise<number> {
  if (raw.list) {
    await listMatrix();
    return EXIT.ok;
  }
  const cache = new ModuleCache();
  try {
    return await benchProject(raw, command, cache);
  } finally {
    cache.dispose();
  }
}

async function benchProject(raw: BenchFlags, command: Command, cache: ModuleCache): Promise<number> {
  const { flags, project } = await loadProject(raw, command, cache);
  const options = resolveBenchOptions(flags);
  // A bad baseline or threshold must fail before the benchmark spends minutes measuring.
  const thresholds = thresholdsFromFlags(flags);
  const baseline = options.baselinePath ? await readComparable(options.baselinePath) : null;
  if (options.historyPath) {
    await readHistoryIfExists(options.historyPath);
    await ensureDirectory(dirname(options.historyPath)).catch((error: unknown) => {
      throw error instanceof PathError ? new UsageError(`Cannot create the folder of --history ${options.historyPath}: ${error.message}`) : error;
    });
  }
  await checkTempFolder(tmpdir()).catch((error: unknown) => {
    throw error instanceof PathError ? new UsageError(`The temp folder cannot be used (set TMPDIR to another): ${error.message}`) : error;
  });
  const outcome = await runBenchmark(options, terminalObserver(), project);
  const { results } = outcome;

  let regressed = false;
  // Both sides in this run (--versions, --against): judged on their paired differences, not on a stored baseline.
  const paired = comparisonsOf(results);
  const judgedPaired = paired.length > 0;
  const comparison = !judgedPaired && baseline && options.baselinePath ? compareWithBaseline(baseline, options.baselinePath, results, outcome.resultsPath, thresholds) : null;
  if (comparison) regressed = comparison.exitCode === 1;
  const pairedFound = judgedPaired ? pairedRegressions(paired, pairedThresholds(command, thresholds)) : [];
  if (pairedFound.length > 0) regressed = true;
  const extraViews: ReportView[] = [];
  // An interrupted or cut-short night is not a point on the trend.
  if (options.historyPath && !outcome.interrupted && !outcome.environmentFailure) {
    await appendHistory(options.historyPath, results, comparison?.comparison);
    extraViews.push(...historyViews(await readHistory(options.historyPath)));
  }
  let written: string[] = [];
  let reportsFailed: string | null = null;
  try {
    written = await writeReports(results, outcome.outDir, {
      ...(comparison ? { comparison: comparison.comparison } : {}),
      extraViews,
    });
  } catch (error) {
    // A full disk must not lose what was measured: results.json is already written.
    if (!isDiskFull(error)) throw error;
    reportsFailed = `no space left on ${outcome.outDir} for the reports`;
  }

  const answer = renderAnswer(results);
  if (answer) process.stdout.write(`\n${answer}\n`);
  process.stdout.write(`\n${renderSummaryTable(results)}\n`);
  if (comparison) process.stdout.write(`\n${renderComparisonTable(comparison.comparison)}\n`);
  process.stdout.write(`\nResults: ${outcome.resultsPath}\n`);
  for (const path of written) process.stdout.write(`Report:  ${path}\n`);
  if (outcome.interrupted) return exitCodeForSignal(outcome.interruptedBy ?? 'SIGINT');
  const failure = outcome.environmentFailure;
  if (failure || reportsFailed) {
    const finished = `${results.runs.filter((run) => run.status !== 'database-lost').length} of ${outcome.plannedRuns} runs finished`;
    const where = written.length > 0 ? `reports in ${outcome.outDir}` : `results in ${outcome.resultsPath}${reportsFailed && failure ? `; ${reportsFailed}` : ''}`;
    const what = failure ? `${failure.kind === 'database-lost' ? 'database lost' : 'disk full'}: ${failure.message}` : `disk full: ${reportsFailed}`;
    process.stderr.write(`rowmeter: ${what}; ${finished}; ${where}\n`);
    return EXIT.environment;
  }
  const failed = results.runs.filter((run) => run.status !== 'ok');
  if (failed.length > 0) {
    process.stderr.write(`${failed.length} of ${results.runs.length} runs failed: ${[...new Set(failed.map((run) => `${run.scenarioId} (${run.status})`))].join(', ')}\n`);
  }
  const overBudget = exceededBudgetLines(results.budgets, formatBudgetFigure);
  for (const line of overBudget) process.stderr.write(`Budget exceeded: ${line}\n`);
  if (judgedPaired) {
    process.stderr.write(`Judged on the paired comparison of the variants in this run${baseline ? ` (not on the stored baseline ${options.baselinePath}: both sides ran here)` : ''}\n`);
    for (const regression of pairedFound) process.stderr.write(`Regression: ${regressionLine(regression)}\n`);
  } else if (regressed) process.stderr.write(`Regression against the stored baseline ${options.baselinePath}\n`);
  return failed.length > 0 || regressed || overBudget.length > 0 ? EXIT.failed : EXIT.ok;
}

/** The paired rule's thresholds: the regression flags when typed, else the paired defaults (5 % memory, 10 % time). */
function pairedThresholds(command: Command, thresholds: ReturnType<typeof thresholdsFromFlags>): { memoryPercent: number; timePercent: number } {
  const typed = (flag: string) => command.getOptionValueSource(flag) === 'cli';
  return {
    memoryPercent: typed('maxMemoryRegression') ? thresholds.maxMemoryRegression * 100 : PAIRED_THRESHOLDS.memoryPercent,
    timePercent: typed('maxTimeRegression') ? thresholds.maxTimeRegression * 100 : PAIRED_THRESHOLDS.timePercent,
  };
}

async function report(resultsPath: string, flags: ReportFlags): Promise<number> {
  const overrides = resolveReprojection(flags);
  // Re-rendering beside its own results.json is the point; over another benchmark's folder it is a mistake.
  if (flags.out !== undefined && resolve(flags.out) !== resolve(dirname(resultsPath))) refuseEarlierResults(resolve(flags.out), flags.overwrite === true);
  const extraViews = flags.history ? historyViews(await readHistory(flags.history)) : [];
  let results = await readResults(resultsPath);
  if (Object.keys(overrides).length > 0) {
    // Same measurements, judged again: the growth entries are recomputed from the saved runs.
    results = { ...results, context: { ...results.context, options: { ...results.context.options, ...overrides } } };
    results.growth = growthEntries(results);
    const answer = renderAnswer(results);
    if (answer) process.stdout.write(`${answer}\n`);
  }
  const written = await writeReports(results, flags.out ?? dirname(resultsPath), { extraViews });
  for (const path of written) process.stdout.write(`Report: ${path}\n`);
  return EXIT.ok;
}

/**
 * `rowmeter merge`: the shards' results joined into one results.json and the same reports as an
 * unsharded benchmark; with `--history`, the night appended to the trend (a complete one only).
 */
async function merge(sources: string[], flags: MergeFlags & { history?: string }): Promise<number> {
  if (flags.history) await readHistoryIfExists(flags.history);
  const outcome = await runMerge(sources, flags);
  const { results } = outcome;
  const extraViews: ReportView[] = [];
  if (flags.history && !results.context.merged?.incomplete) {
    await appendHistory(flags.history, results);
    extraViews.push(...historyViews(await readHistory(flags.history)));
  }
  const written = await writeReports(results, outcome.outDir, { extraViews });
  const merged = results.context.merged!;
  const answer = renderAnswer(results);
  if (answer) process.stdout.write(`\n${answer}\n`);
  process.stdout.write(`\n${renderSummaryTable(results)}\n`);
  process.stdout.write(`\nMerged ${merged.shards.length} of ${merged.count} shards (${results.runs.length} runs)${merged.differentMachines ? ', which ran on different machines' : ''}\n`);
  process.stdout.write(`Results: ${outcome.resultsPath}\n`);
  for (const path of written) process.stdout.write(`Report:  ${path}\n`);
  for (const line of outcome.problems) process.stderr.write(`${line}\n`);
  return outcome.problems.length > 0 ? EXIT.failed : EXIT.ok;
}

/** `rowmeter twin`: a generated twin of a table, from its catalog and statistics (docs/twin.md). */
async function twin(flags: TwinFlags): Promise<number> {
  const { path, twin: made } = await runTwin(flags);
  const columns = Object.keys(made.definition.columns ?? {}).length;
  process.stdout.write(`Wrote ${path}: a twin of ${flags.table} with ${columns} column${columns === 1 ? '' : 's'}${made.notes.length > 0 ? `, ${made.notes.length} thing${made.notes.length === 1 ? '' : 's'} guessed or left out (listed in its header)` : ''}\n`);
  return EXIT.ok;
}

interface ReportFlags extends ReprojectionFlags {
  out?: string;
  overwrite?: boolean;
  history?: string;
}

async function compare(basePath: string, headPath: string, flags: ThresholdFlags & { markdown?: string }): Promise<number> {
  const outcome = await runCompare(basePath, headPath, thresholdsFromFlags(flags));
  process.stdout.write(`${renderComparisonTable(outcome.comparison)}\n`);
  if (flags.markdown) await writeComparisonMarkdown(flags.markdown, outcome.comparison);
  return outcome.exitCode;
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('rowmeter')
    .description('Measure the memory and time of Node.js jobs over big PostgreSQL tables (yours, or the built-in suite of libraries and access patterns), and fail CI when one outgrows its budget.')
    .version(rowmeterVersion())
    .showSuggestionAfterError(true)
    .configureOutput({
      // Commander puts its suggestion on a second line; keep every error on one.
      outputError: (message, write) => write(`rowmeter: ${message.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`),
    })
    .exitOverride();

  program
    .command('bench', { isDefault: true })
    .description('run your scenarios (rowmeter.config.ts and *.rowmeter.ts), or the built-in suite without a config, each run in its own child process on its own copy of the table; verify, judge budgets, write results.json and the report')
    .option('--rows <list>', 'rows to seed: one table size or a comma-separated list (each gets its own table, smallest first)', String(DEFAULTS.rows))
    .option('--workload <list>', `comma-separated: ${WORKLOADS.join(',')}`, DEFAULTS.workloads.join(','))
    .option('--payload-bytes <n>', 'approximate size of each row\'s JSONB document', String(DEFAULTS.payloadBytes))
    .option('--batch-size <list>', 'rows per batch, page, fetch and bulk update, wherever a library lets you choose; a comma-separated list runs each cell once per size, as id[batchSize=N]', String(DEFAULTS.batchSize))
    .option('--latency <list>', 'round trip in ms put between every measured child and the database by a calibrated delay proxy (0.5, 1, 5); a comma-separated list runs each cell once per latency, as id@1ms (default 0: none; see docs/network.md)')
    .option('--bandwidth <Mbit/s>', 'limit that network to this rate, both ways (with or without --latency)')
    .option('--against [ref]', 'run your scenarios from this git revision (checked out in a temporary worktree) beside the working tree\'s, interleaved, with paired intervals (default: the merge base with the pull request\'s base branch, or main)')
    .option('--versions <list>', 'library versions side by side: variants [label=]pkg@version(+pkg@version), comma-separated (pg@8.11.3,pg@8.23.1); each installed once into a version cache, every cell run once per variant, interleaved')
    .option('--auto', 'with --versions: after 3 interleaved rounds (or --repeat N), add rounds for the cells whose peak RSS or wall time difference is unresolved, until every 95 % interval excludes zero or lies within --auto-tolerance')
    .option('--auto-tolerance <percent>', 'with --auto: a difference whose interval lies within ±this is "the same" (default 3)')
    .option('--auto-timeout <seconds>', 'with --auto: stop adding rounds after this long and say which cells stayed unresolved (default 600)')
    .option('--sink-rate <MB/s>', 'a slow consumer: the export writes its file, and ctx.createSink() takes bytes, at this rate with backpressure like a socket; each run says whether its memory stayed bounded')
    .option('--repeat <n|auto>', 'runs per scenario and size, each in a fresh child on a fresh copy: a number is exact; auto runs 2, and a 3rd when their peak RSS differ by more than 3 % (default: auto)')
    .option('--libraries <list>', `comma-separated: ${LIBRARIES.join(',')} (default: all)`)
    .option('--strategies <list>', `comma-separated: ${strategiesOf().join(',')} (default: all of the selected workloads)`)
    .option('--pipeline-depth <n>', 'most UPDATEs in flight for the pipelined strategy', String(DEFAULTS.pipelineDepth))
    .option('--interval <ms>', 'memory sampling period in milliseconds', String(DEFAULTS.intervalMs))
    .option('--timeout <seconds>', 'kill a run still going after this long (status timed-out)', String(DEFAULTS.timeoutSeconds))
    .option('--memory-limit <MiB>', 'kill a run whose RSS passes this many MiB (status memory-exceeded), like an OOM killer')
    .option('--timing', 'after the cold runs, time every scenario warm with tinybench (the figures compare judges time on)')
    .option('--timing-iterations <n>', 'measured iterations of a warm timing', String(DEFAULTS.timingIterations))
    .option('--timing-budget <seconds>', 'most time one scenario\'s warm timing may take', String(DEFAULTS.timingBudgetSeconds))
    .option('--project-rows <n>', 'project every metric to this many rows (10M, 1.5M, …) from a sweep of --rows sizes, with a low–high band')
    .option('--heap-limit <MiB>', 'run each child with --max-old-space-size=MiB; dying of it is status heap-exceeded')
    .addOption(new Option('--database-url <url>', 'use this PostgreSQL server instead of starting an embedded one').env('DATABASE_URL'))
    .option('--out <dir>', 'output folder (default: a new folder under reports/)')
    .option('--baseline <results.json>', 'compare against an earlier results.json; exit 1 on a regression')
    .option('--history <file>', 'append this benchmark\'s medians to a history file')
    .option('--max-memory-regression <percent>', 'peak RSS increase that counts as a regression (with --baseline)', '10')
    .option('--max-time-regression <percent>', 'wall time increase that counts as a regression (with --baseline)', '25')
    .option('--list', 'print the library × strategy matrix with each cell\'s support, and exit')
    .option('--overwrite', 'let --out replace the results.json of an earlier benchmark (refused without it)')
    .option('--shard <i/n>', 'run only the i-th of n shards: every cell at every size in exactly one shard, balanced by expected duration; join them with rowmeter merge')
    .option('--durations <file>', 'recorded durations to balance --shard by (every benchmark and merge write durations.json); else --baseline\'s runs, else a built-in estimate')
    .option('--no-low-latency', 'let idle CPUs halt between round trips (by default, where the machine allows it, rowmeter holds /dev/cpu_dma_latency at 0 while measuring: see docs/sharding.md)')
    .option('--config <file>', `the config file (default: ${CONFIG_FILES.join(', ')} in the working directory, if any)`)
    .action(async (raw: BenchFlags, command: Command) => setExitCode(await bench(raw, command)));

  program
    .command('init')
    .description('write rowmeter.config.ts, an example scenario for the database library in package.json, and a GitHub workflow; never overwrites a file')
    .action(async () => {
      const result = await runInit(process.cwd());
      process.stdout.write(`${initSummary(result)}\n`);
      setExitCode(EXIT.ok);
    });

  program
    .command('report')
    .description('re-render report.html, summary.md and runs.csv from a saved results.json')
    .argument('<results.json>', 'results of an earlier benchmark')
    .option('--out <dir>', 'output folder (default: the folder of results.json)')
    .option('--overwrite', 'let --out be a folder that holds another benchmark\'s results.json')
    .option('--history <file>', 'also draw the trend from this history file')
    .option('--project-rows <n>', 'project the saved sweep to this many rows instead (10M, 1.5M, …); results.json is left as measured')
    .option('--memory-limit <MiB>', 'judge every scenario against this limit instead (a verdict only: no run is re-run or killed)')
    .action(async (resultsPath: string, flags: ReportFlags) => setExitCode(await report(resultsPath, flags)));

  program
    .command('merge')
    .description('join the results of the shards of one benchmark (--shard i/n) into one results.json and the same reports as an unsharded run; refuses shards of different benchmarks, duplicated ones, and missing ones unless --allow-partial')
    .argument('<dir...>', 'the shards\' output folders (or their results.json)')
    .requiredOption('--out <dir>', 'output folder for the merged results and reports')
    .option('--allow-partial', 'merge what there is when shards are missing or unfinished; the results are marked incomplete and the exit code is 1')
    .option('--overwrite', 'let --out replace the results.json of an earlier benchmark (refused without it)')
    .option('--history <file>', 'append the merged medians to a history file (complete merges only) and draw the trend')
    .action(async (sources: string[], flags: MergeFlags & { history?: string }) => setExitCode(await merge(sources, flags)));

  program
    .command('twin')
    .description('write a TypeScript module with the defineTable of a generated twin of a table: its columns, types, keys and indexes from the catalog, its null fractions, distinct counts, frequencies and correlations from pg_stats; read-only, and by default no value of the table in it')
    .requiredOption('--table <name>', 'the table (name or schema.name)')
    .option('--schema <name>', 'its schema, when --table does not say (default public)')
    .option('--out <file>', 'the module to write (default <table>.twin.ts)')
    .option('--sample <rows>', `rows to read (TABLESAMPLE) for lengths and JSON structure, never their values; 0 for none`, String(DEFAULT_SAMPLE_ROWS))
    .option('--keep-values', 'keep exact numeric and date bounds and status-like JSON strings: real values of the table (said in the file\'s header)')
    .option('--overwrite', 'replace --out if it exists')
    .addOption(new Option('--database-url <url>', 'the server that has the table').env('DATABASE_URL'))
    .action(async (flags: TwinFlags) => setExitCode(await twin(flags)));

  program
    .command('compare')
    .description('compare two results.json files per scenario; exit 1 on a regression')
    .argument('<base.json>', 'the baseline results')
    .argument('<head.json>', 'the new results')
    .option('--max-memory-regression <percent>', 'peak RSS growth that may count as a regression', '10')
    .option('--max-time-regression <percent>', 'wall time growth that may count as a regression', '25')
    .option('--markdown <file>', 'also write the comparison as Markdown, appended to what the file holds (e.g. "$GITHUB_STEP_SUMMARY")')
    .action(async (basePath: string, headPath: string, flags: ThresholdFlags & { markdown?: string }) => setExitCode(await compare(basePath, headPath, flags)));

  return program;
}

async function main(argv: string[]): Promise<number> {
  // The URL may come from the environment too; its password must never be printed.
  registerUrlSecret(process.env.DATABASE_URL);
  scrubStandardStreams();
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help or version).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof InterruptedError) {
      process.stderr.write(`rowmeter: ${error.message}\n`);
      return exitCodeForSignal(error.signal);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`rowmeter: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof EnvironmentError) {
      process.stderr.write(`rowmeter: ${error.kind === 'database-lost' ? 'database lost' : 'disk full'}: ${oneLine(error)}\n`);
      return EXIT.environment;
    }
    if (isDiskFull(error)) {
      const path = (error as NodeJS.ErrnoException).path;
      process.stderr.write(`rowmeter: disk full: no space left on ${path ?? 'the disk'}: ${oneLine(error)}\n`);
      return EXIT.environment;
    }
    process.stderr.write(`rowmeter: ${oneLine(error)}\n`);
    if (process.env.ROWMETER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.failed;
  }
}

// `rowmeter … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  // A terminal that closed (SIGHUP) cannot show the end: results and reports are on disk already.
  if (error.code === 'EIO') return;
  throw error;
});

main(process.argv).then((code) => {
  process.exitCode = code;
  // Libraries (the embedded server's exit hook among them) may keep handles open; the work is done.
  setImmediate(() => process.exit(code));
});
