/**
 * runs.csv: one row per run with its figures, for spreadsheets and ad-hoc scripts. Bytes and
 * milliseconds are exact numbers as measured; a missing figure is an empty field.
 */
import { rowsPerSecond } from '../stats.js';
import type { RunResult, ScenarioInfo } from '../results.js';
import { compareScenarios } from './summary.js';
import type { Exporter, ReportInput } from './types.js';

export const CSV_FILE_NAME = 'runs.csv';

type CsvValue = string | number | boolean | null | undefined;

/** The columns of runs.csv, in order, each with how to read it from a run. */
export const CSV_COLUMNS: ReadonlyArray<readonly [string, (run: RunResult, scenario: ScenarioInfo | undefined) => CsvValue]> = [
  ['scenario', (run) => run.scenarioId],
  ['library', (run) => run.library],
  ['strategy', (run) => run.strategy],
  ['support', (_run, scenario) => scenario?.support],
  ['scenario_version', (run) => run.scenarioVersion],
  ['repeat', (run) => run.repeat],
  ['status', (run) => run.status],
  ['rows', (run) => run.rows],
  ['peak_rss_bytes', (run) => run.peakRssBytes],
  ['peak_rss_source', (run) => run.peakRssSource],
  ['sampled_peak_rss_bytes', (run) => run.sampledPeakRssBytes],
  ['peak_heap_used_bytes', (run) => run.peakHeapUsedBytes],
  ['baseline_rss_bytes', (run) => run.baselineRssBytes],
  ['wall_ms', (run) => run.wallMs],
  ['work_ms', (run) => run.workMs],
  ['first_row_ms', (run) => run.firstRowMs],
  ['rows_per_second', (run) => {
    const rate = rowsPerSecond(run.rows, run.workMs);
    return rate === null ? null : Math.round(rate);
  }],
  ['queries', (run) => run.queries],
  ['connections', (run) => run.connections],
  ['verify_checked_rows', (run) => run.verify?.checkedRows],
  ['verify_mismatches', (run) => run.verify?.mismatches],
  ['rss_samples', (run) => run.samples.length],
  ['heap_samples', (run) => run.heapSamples.length],
  ['failure', (run) => run.failure?.message],
  ['exit_code', (run) => run.failure?.exitCode],
  ['signal', (run) => run.failure?.signal],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes
 * doubled. Text that a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or
 * carriage return) is prefixed with `'`; numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Renders runs.csv. Pure. */
export function renderCsv(input: ReportInput): string {
  const scenarios = new Map(input.results.scenarios.map((scenario) => [scenario.id as string, scenario]));
  const runs = input.results.runs.slice().sort((a, b) => compareScenarios(a, b) || a.repeat - b.repeat);
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const run of runs) {
    const scenario = scenarios.get(run.scenarioId);
    lines.push(CSV_COLUMNS.map(([, read]) => csvField(read(run, scenario))).join(','));
  }
  return lines.join('\n') + '\n';
}

export const csvExporter: Exporter = { fileName: CSV_FILE_NAME, render: renderCsv };
