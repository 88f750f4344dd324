#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import Table from 'cli-table3';
import { loadMatrix } from '../scenarios/registry.js';
import { runBenchmark } from './benchmark.js';
import { oneLine, UsageError } from './errors.js';
import { DEFAULTS, resolveBenchOptions, type RawBenchOptions } from './options.js';
import { LIBRARIES, STRATEGIES } from './results.js';
import { COMPACT_TABLE, renderSummaryTable, terminalObserver } from './terminal.js';
import { rowmeterVersion } from './context.js';

/** Exit codes, for CI: */
export const EXIT = {
  /** Every run ok (and, with a baseline, no regression). */
  ok: 0,
  /** A run failed (crashed, timed out, exceeded the memory limit, or left wrong rows), or a regression. */
  failed: 1,
  /** Bad input: flags, files, database URL. Nothing was created or dropped. */
  usage: 2,
  /** Interrupted by Ctrl-C; results measured so far are kept. */
  interrupted: 130,
} as const;

async function listMatrix(): Promise<void> {
  const matrix = await loadMatrix();
  const table = new Table({ head: ['strategy', ...LIBRARIES], style: { head: [], border: [] },
    chars: COMPACT_TABLE });
  for (const strategy of STRATEGIES) {
    table.push([
      strategy,
      ...LIBRARIES.map((library) => matrix.find((cell) => cell.definition.library === library && cell.definition.strategy === strategy)?.definition.support ?? 'missing'),
    ]);
  }
  process.stdout.write(`${table.toString()}\n\n`);
  for (const cell of matrix) {
    const { definition } = cell;
    const detail = definition.support === 'unsupported' ? `not supported: ${definition.unsupportedReason}` : definition.how;
    process.stdout.write(`${cell.id} (${definition.support}): ${detail}\n`);
  }
}

async function bench(raw: RawBenchOptions & { list?: boolean }): Promise<number> {
  if (raw.list) {
    await listMatrix();
    return EXIT.ok;
  }
  const options = resolveBenchOptions(raw);
  const outcome = await runBenchmark(options, terminalObserver());
  const { results } = outcome;
  process.stdout.write(`\n${renderSummaryTable(results)}\n\n`);
  process.stdout.write(`Results: ${outcome.resultsPath}\n`);
  if (outcome.interrupted) return EXIT.interrupted;
  const failed = results.runs.filter((run) => run.status !== 'ok');
  if (failed.length > 0) {
    process.stderr.write(`${failed.length} of ${results.runs.length} runs failed: ${[...new Set(failed.map((run) => `${run.scenarioId} (${run.status})`))].join(', ')}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('rowmeter')
    .description('Measure the memory and time of reading and updating every row of a big PostgreSQL table, per Node.js library and access pattern.')
    .version(rowmeterVersion())
    .showSuggestionAfterError(true)
    .configureOutput({
      // Commander puts its suggestion on a second line; keep every error on one.
      outputError: (message, write) => write(`rowmeter: ${message.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`),
    })
    .exitOverride();

  program
    .command('bench', { isDefault: true })
    .description('seed a table, run every selected scenario in its own child process, verify, and write results.json and the report')
    .option('--rows <n>', 'rows to seed', String(DEFAULTS.rows))
    .option('--payload-bytes <n>', 'approximate size of each row\'s JSONB document', String(DEFAULTS.payloadBytes))
    .option('--batch-size <n>', 'rows per batch, page, fetch and bulk update, wherever a library lets you choose', String(DEFAULTS.batchSize))
    .option('--repeat <n>', 'runs per scenario, each in a fresh child on a fresh copy', String(DEFAULTS.repeat))
    .option('--libraries <list>', `comma-separated: ${LIBRARIES.join(',')} (default: all)`)
    .option('--strategies <list>', `comma-separated: ${STRATEGIES.join(',')} (default: all)`)
    .option('--interval <ms>', 'memory sampling period in milliseconds', String(DEFAULTS.intervalMs))
    .option('--timeout <seconds>', 'kill a run still going after this long (status timed-out)', String(DEFAULTS.timeoutSeconds))
    .option('--memory-limit <MiB>', 'kill a run whose RSS passes this many MiB (status memory-exceeded), like an OOM killer')
    .addOption(new Option('--database-url <url>', 'use this PostgreSQL server instead of starting an embedded one').env('DATABASE_URL'))
    .option('--out <dir>', 'output folder (default: a new folder under reports/)')
    .option('--baseline <results.json>', 'compare against an earlier results.json; exit 1 on a regression')
    .option('--history <file>', 'append this benchmark\'s medians to a history file')
    .option('--max-memory-regression <percent>', 'peak RSS increase that counts as a regression (with --baseline)', '10')
    .option('--max-time-regression <percent>', 'wall time increase that counts as a regression (with --baseline)', '25')
    .option('--list', 'print the library × strategy matrix with each cell\'s support, and exit')
    .action(async (raw: RawBenchOptions & { list?: boolean }) => setExitCode(await bench(raw)));

  return program;
}

async function main(argv: string[]): Promise<number> {
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
    if (error instanceof UsageError) {
      process.stderr.write(`rowmeter: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`rowmeter: ${oneLine(error)}\n`);
    if (process.env.ROWMETER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.failed;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
  // Libraries (the embedded server's exit hook among them) may keep handles open; the work is done.
  setImmediate(() => process.exit(code));
});
