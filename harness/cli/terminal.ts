import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import type { BenchmarkObserver } from '../run/benchmark.js';
import { runStatusLabel, type BenchmarkResults, type RunResult } from '../results.js';
import { formatBytes, formatCount, formatMs } from '../format.js';
import { summarizeScenarios, warmText } from '../report/summary.js';
import { answerLede, buildAnswer, figureText, verdictText, answerHeading } from '../report/answer.js';
import { slowConsumerSentences } from '../report/slow-consumer.js';
import { comparisonLines, comparisonsOf } from '../compare/variants.js';

/** cli-table3 borders without a rule between rows, so a long matrix stays readable. */
export const COMPACT_TABLE = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function describeRun(run: RunResult): string {
  const figures = `peak ${formatBytes(run.peakRssBytes)}, ${formatMs(run.wallMs)}, ${run.rows} rows, ${run.queries ?? '—'} queries`;
  return run.status === 'ok' ? figures : `${figures} — ${run.failure?.message ?? run.status}`;
}

/** In a log (no terminal), a progress line at most this often, so long work is never silent. */
export const LOG_PROGRESS_INTERVAL_MS = 10_000;

/**
 * Draws progress on stderr: a live bar on a terminal; in a log (CI), a line per finished run
 * and a progress line every {@link LOG_PROGRESS_INTERVAL_MS} during long work. stdout stays
 * free for what scripts read: the summary and where the results went.
 */
export function terminalObserver(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): BenchmarkObserver {
  const interactive = stream.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  let label = '';
  let lastLogLineAt = now();
  const stopBar = (): void => {
    bar?.stop();
    bar = null;
  };
  const start = (nextLabel: string, total: number): void => {
    stopBar();
    label = nextLabel;
    lastLogLineAt = now();
    if (!interactive) return;
    bar = new cliProgress.SingleBar(
      { format: `${label} |{bar}| {value}/{total} rows | {duration_formatted}`, stream, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
  };
  const progress = (rows: number, totalRows: number): void => {
    if (bar) {
      bar.setTotal(totalRows);
      bar.update(rows);
    } else if (!interactive && now() - lastLogLineAt >= LOG_PROGRESS_INTERVAL_MS) {
      lastLogLineAt = now();
      stream.write(`${label} … ${formatCount(rows)} of ${formatCount(totalRows)} rows\n`);
    }
  };
  return {
    info(line) {
      stopBar();
      stream.write(`${line}\n`);
    },
    seedProgress(doneRows, totalRows) {
      if (label !== 'seed') start('seed', totalRows);
      progress(doneRows, totalRows);
      if (doneRows >= totalRows) stopBar();
    },
    runStarted(scenario, repeat, index, total, tableRows, etaMs) {
      // The time left for the whole benchmark rides on every run's label, in a bar and in a log.
      const eta = etaMs === null ? '' : ` (ETA ${formatMs(etaMs)})`;
      start(`[${String(index).padStart(String(total).length)}/${total}] ${scenario.id} #${repeat} @ ${formatCount(tableRows)} rows${eta}`, 1);
      if (!interactive) stream.write(`${label} …\n`);
    },
    runProgress: progress,
    runFinished(run) {
      stopBar();
      stream.write(`${label} ${statusWord(run)}: ${describeRun(run)}\n`);
    },
  };
}

/** `ok` for a verified run, `unverified` for an ok run nothing checked, the status in capitals for a failure. */
export function statusWord(run: RunResult): string {
  const label = runStatusLabel(run);
  return label === 'ok' || label === 'unverified' ? label : label.toUpperCase();
}

/** The end-of-benchmark table: the report's per-scenario figures (medians over ok repeats), one row each. */
export function renderSummaryTable(results: BenchmarkResults): string {
  const showRows = new Set(results.runs.map((run) => run.tableRows)).size > 1;
  const showWarm = (results.timings ?? []).length > 0;
  const table = new Table({
    head: ['scenario', ...(showRows ? ['rows'] : []), 'support', 'runs', 'peak RSS (median)', 'min–max', 'peak heap', 'retained', 'server RSS', 'wall (median)', ...(showWarm ? ['warm (mean ± rme)'] : []), 'first row', 'queries'],
    style: { head: [], border: [] },
    chars: COMPACT_TABLE,
  });
  for (const summary of summarizeScenarios(results)) {
    const { scenario } = summary;
    const rows = showRows ? [summary.tableRows === null ? '–' : formatCount(summary.tableRows)] : [];
    if (scenario.support === 'unsupported') {
      table.push([scenario.id, ...rows, 'unsupported', { colSpan: showWarm ? 10 : 9, content: scenario.unsupportedReason ?? '' }]);
      continue;
    }
    // Figures of a scenario with no ok run come from its failed runs: a lower bound.
    const bound = summary.basis === 'failed' ? '≥ ' : '';
    const peak = summary.peakRssBytes;
    table.push([
      scenario.id,
      ...rows,
      scenario.support,
      summary.runs.map(statusWord).join(' ') || 'not run',
      peak ? `${bound}${formatBytes(peak.median)}` : '—',
      peak ? `${formatBytes(peak.min)}–${formatBytes(peak.max)}` : '—',
      formatBytes(summary.peakHeapUsedBytes?.median),
      formatBytes(summary.retainedBytes?.median),
      summary.serverPeakRssBytes ? formatBytes(summary.serverPeakRssBytes.median) : summary.serverUnavailableReason ? 'n/a' : '–',
      formatMs(summary.wallMs?.median),
      ...(showWarm ? [warmText(summary.warm, formatMs)] : []),
      formatMs(summary.firstRowMs?.median),
      formatCount(summary.queries?.median),
    ]);
  }
  return table.toString();
}

/** With `--versions`: one line per cell and size, its differences with their intervals. */
function versionPart(results: BenchmarkResults): string[] {
  const comparisons = comparisonsOf(results);
  return comparisons.length === 0 ? [] : ['Versions side by side (paired, 95 % CI):', ...comparisonLines(comparisons).map((line) => `  ${line}`)];
}

/** The answer, for the terminal: the lede, one sentence per library, and a compact table per workload. */
export function renderAnswer(results: BenchmarkResults): string {
  const answer = buildAnswer(results);
  const slow = slowConsumerSentences(results);
  const slowPart = slow.length > 0 ? ['Behind a slow consumer:', ...slow.map((sentence) => `  ${sentence}`)] : [];
  if (answer.workloads.length === 0) return [...slowPart, ...versionPart(results)].join('\n');
  const parts = [`The answer. ${answerLede(answer, results.runs.map((run) => run.tableRows))}`];
  for (const workload of answer.workloads) {
    if (answer.workloads.length > 1) parts.push(`${answerHeading(workload)}:`);
    parts.push(...workload.sentences.map((sentence) => `  ${sentence}`));
    const table = new Table({ head: ['scenario', 'peak RSS', 'wall time', 'memory grows', 'time grows', 'verdict'], style: { head: [], border: [] }, chars: COMPACT_TABLE });
    for (const row of workload.rows) {
      table.push([
        `${row.scenario.id}${row.farBeyond ? ' (far beyond)' : ''}`,
        figureText(row.peak, formatBytes, answer.projected),
        figureText(row.wall, formatMs, answer.projected),
        row.memoryClass ?? '–',
        row.timeClass ?? '–',
        row.note ? `${verdictText(row)} — ${row.note}` : verdictText(row),
      ]);
    }
    parts.push(table.toString());
  }
  return [...parts, ...slowPart, ...versionPart(results)].join('\n');
}
