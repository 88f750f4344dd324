import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import type { BenchmarkObserver } from './benchmark.js';
import type { BenchmarkResults, RunResult } from './results.js';
import { formatBytes, formatCount, formatMs } from './format.js';
import { summarizeScenarios } from './report/summary.js';

/** cli-table3 borders without a rule between rows, so a long matrix stays readable. */
export const COMPACT_TABLE = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function describeRun(run: RunResult): string {
  const figures = `peak ${formatBytes(run.peakRssBytes)}, ${formatMs(run.wallMs)}, ${run.rows} rows, ${run.queries ?? '—'} queries`;
  return run.status === 'ok' ? figures : `${figures} — ${run.failure?.message ?? run.status}`;
}

/**
 * Draws progress on stderr: a live bar on a terminal, one line per finished run otherwise
 * (CI logs), so stdout stays free for the one thing scripts read — where the results went.
 */
export function terminalObserver(stream: NodeJS.WriteStream = process.stderr): BenchmarkObserver {
  const interactive = stream.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  const stopBar = (): void => {
    bar?.stop();
    bar = null;
  };
  const startBar = (label: string, total: number): void => {
    stopBar();
    if (!interactive) return;
    bar = new cliProgress.SingleBar(
      { format: `${label} |{bar}| {value}/{total} rows | {duration_formatted}`, stream, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
  };
  return {
    info(line) {
      stopBar();
      stream.write(`${line}\n`);
    },
    seedProgress(doneRows, totalRows) {
      if (!bar) startBar('seed', totalRows);
      bar?.update(doneRows);
      if (doneRows >= totalRows) stopBar();
    },
    runStarted(scenario, repeat, index, total) {
      const label = `[${String(index).padStart(String(total).length)}/${total}] ${scenario.id} #${repeat}`;
      if (interactive) startBar(label, 1);
      else stream.write(`${label} …\n`);
    },
    runProgress(rows, totalRows) {
      if (!bar) return;
      bar.setTotal(totalRows);
      bar.update(rows);
    },
    runFinished(run, index, total) {
      stopBar();
      const label = `[${String(index).padStart(String(total).length)}/${total}] ${run.scenarioId} #${run.repeat}`;
      stream.write(`${label} ${run.status.toUpperCase() === 'OK' ? 'ok' : run.status.toUpperCase()}: ${describeRun(run)}\n`);
    },
  };
}

/** The end-of-benchmark table: the report's per-scenario figures (medians over ok repeats), one row each. */
export function renderSummaryTable(results: BenchmarkResults): string {
  const table = new Table({
    head: ['scenario', 'support', 'runs', 'peak RSS (median)', 'min–max', 'peak heap', 'wall (median)', 'first row', 'queries'],
    style: { head: [], border: [] },
    chars: COMPACT_TABLE,
  });
  for (const summary of summarizeScenarios(results)) {
    const { scenario } = summary;
    if (scenario.support === 'unsupported') {
      table.push([scenario.id, 'unsupported', { colSpan: 7, content: scenario.unsupportedReason ?? '' }]);
      continue;
    }
    // Figures of a scenario with no ok run come from its failed runs: a lower bound.
    const bound = summary.basis === 'failed' ? '≥ ' : '';
    const peak = summary.peakRssBytes;
    table.push([
      scenario.id,
      scenario.support,
      summary.runs.map((run) => (run.status === 'ok' ? 'ok' : run.status.toUpperCase())).join(' ') || 'not run',
      peak ? `${bound}${formatBytes(peak.median)}` : '—',
      peak ? `${formatBytes(peak.min)}–${formatBytes(peak.max)}` : '—',
      formatBytes(summary.peakHeapUsedBytes?.median),
      formatMs(summary.wallMs?.median),
      formatMs(summary.firstRowMs?.median),
      formatCount(summary.queries?.median),
    ]);
  }
  return table.toString();
}
