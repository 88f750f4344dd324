/**
 * summary.md: the per-scenario table as GitHub-flavoured Markdown, fit for a CI job summary
 * or a pull-request comment (and, with a comparison, its verdicts first).
 */
import { renderComparisonMarkdown } from '../compare/render.js';
import { runStatusLabel, type BudgetVerdict, type RunResult } from '../results.js';
import { exceededBudgetLines } from '../budget.js';
import type { Spread } from '../stats.js';
import { escapeMarkdown, formatBudgetFigure, formatBytes, formatCount, formatMs } from '../format.js';
import { runLabel } from './specs.js';
import { slowConsumerSentences } from './slow-consumer.js';
import { comparisonLines, comparisonsOf } from '../compare/variants.js';
import { answerLede, buildAnswer, figureText, verdictText, answerHeading } from './answer.js';
import { emulatedFootnotes, summarizeScenarios, warmText, type ScenarioSummary } from './summary.js';
import type { Exporter, ReportInput } from './types.js';

export const MARKDOWN_FILE_NAME = 'summary.md';

function cell(text: string): string {
  return escapeMarkdown(text);
}

function spreadText(spread: Spread | null, format: (value: number) => string, lowerBound: boolean): string {
  if (spread === null) return '–';
  return `${lowerBound ? '≥ ' : ''}${format(spread.median)}`;
}

/** `3 ok` or `❌ 1 crashed, 2 ok`: the statuses of a scenario's runs, failures first and flagged. */
export function statusSummary(runs: readonly RunResult[]): string {
  if (runs.length === 0) return 'not run';
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(runStatusLabel(run), (counts.get(runStatusLabel(run)) ?? 0) + 1);
  const failed = [...counts].filter(([status]) => status !== 'ok' && status !== 'unverified').map(([status, count]) => `${count} ${status}`);
  const ok = counts.get('ok');
  const unverified = counts.get('unverified');
  const text = [...failed, ...(ok ? [`${ok} ok`] : []), ...(unverified ? [`${unverified} unverified`] : [])].join(', ');
  return failed.length > 0 ? `❌ ${text}` : text;
}

/** `native`, `emulated [n]` (the footnote under the table says how) or `not supported: why`. */
function supportText(summary: ScenarioSummary, footnote: number | undefined): string {
  const { scenario } = summary;
  if (scenario.support === 'unsupported') return `not supported: ${scenario.unsupportedReason ?? 'no reason given'}`;
  if (scenario.support === 'emulated') return footnote === undefined ? 'emulated' : `emulated [${footnote}]`;
  return 'native';
}

function summaryRow(summary: ScenarioSummary, footnotes: ReadonlyMap<string, number>, showRows: boolean, showWarm: boolean): string {
  const lower = summary.basis === 'failed';
  const unsupported = summary.scenario.support === 'unsupported';
  const figures = unsupported
    ? Array.from({ length: showWarm ? 11 : 10 }, () => '')
    : [
        spreadText(summary.peakRssBytes, formatBytes, lower),
        spreadText(summary.peakHeapUsedBytes, formatBytes, lower),
        spreadText(summary.retainedBytes, formatBytes, lower),
        summary.serverPeakRssBytes === null
          ? summary.serverUnavailableReason === null ? '–' : 'n/a'
          : `${formatBytes(summary.serverPeakRssBytes.median)}${summary.serverPrivateBytes ? ` (${formatBytes(summary.serverPrivateBytes.median)} private)` : ''}`,
        spreadText(summary.serverTempBytes, formatBytes, false),
        spreadText(summary.wallMs, formatMs, lower),
        ...(showWarm ? [warmText(summary.warm, formatMs)] : []),
        spreadText(summary.firstRowMs, formatMs, false),
        spreadText(summary.rowsPerSecond, formatCount, false),
        spreadText(summary.queries, formatCount, false),
        statusSummary(summary.runs),
      ];
  const scenario = summary.failedRuns > 0 ? `**${cell(summary.scenario.id)}**` : cell(summary.scenario.id);
  const rows = showRows ? [summary.tableRows === null ? '–' : formatCount(summary.tableRows)] : [];
  return `| ${[scenario, ...rows, cell(supportText(summary, footnotes.get(summary.scenario.id))), ...figures.map(cell)].join(' | ')} |`;
}

function emulatedLines(summaries: readonly ScenarioSummary[], footnotes: ReadonlyMap<string, number>): string[] {
  if (footnotes.size === 0) return [];
  const seen = new Set<string>();
  const notes = summaries.filter((summary) => footnotes.has(summary.scenario.id) && !seen.has(summary.scenario.id) && seen.add(summary.scenario.id));
  return ['', 'Emulated cells:', '', ...notes.map((summary) => `${footnotes.get(summary.scenario.id)}. ${cell(summary.scenario.id)}: ${cell(summary.scenario.how)}`)];
}

/** Scenarios whose ok runs nothing checked: said in words, so nobody reads them as verified. */
function unverifiedLines(summaries: readonly ScenarioSummary[]): string[] {
  const names = [...new Set(summaries.filter((summary) => summary.runs.some((run) => runStatusLabel(run) === 'unverified')).map((summary) => summary.scenario.id))];
  if (names.length === 0) return [];
  return ['', `Unverified (the scenario has no \`verify\`, so nothing checked that its job was done): ${names.map(cell).join(', ')}.`];
}

/** Adaptive repeats: which cells ran more than the first rounds, and why (results.repeats). */
export function repeatLines(results: ReportInput['results']): string[] {
  const rule = results.context.options.adaptiveRepeats;
  if (!rule) return [];
  const more = (results.repeats ?? []).filter((decision) => decision.policy === 'adaptive' && decision.runs > rule.min);
  const showRows = new Set((results.repeats ?? []).map((decision) => decision.tableRows)).size > 1;
  const label = (decision: (typeof more)[number]) => `${cell(decision.scenarioId)}${showRows ? ` at ${formatCount(decision.tableRows)} rows` : ''} (${cell(decision.reason)})`;
  return [
    '',
    more.length === 0
      ? `Adaptive repeats: every cell's first ${rule.min} runs agreed within the noise floor (${rule.tolerancePercent} %).`
      : `Adaptive repeats: ${more.length} of ${(results.repeats ?? []).length} cells ran again because their first ${rule.min} runs disagreed: ${more.map(label).join('; ')}.`,
  ];
}

/** Every budget judged: a line per exceeded one first, then how many were within. */
function budgetLines(verdicts: readonly BudgetVerdict[]): string[] {
  if (verdicts.length === 0) return [];
  const exceeded = exceededBudgetLines(verdicts, formatBudgetFigure);
  const within = verdicts.filter((verdict) => verdict.verdict === 'within').length;
  const noData = verdicts.filter((verdict) => verdict.verdict === 'no-data');
  return [
    '',
    `Budgets (judged on the median of the ok runs): ${exceeded.length} exceeded, ${within} within${noData.length > 0 ? `, ${noData.length} without an ok run to judge` : ''}.`,
    '',
    ...exceeded.map((line) => `- ❌ ${cell(line)}`),
  ];
}

function failureLines(summaries: readonly ScenarioSummary[]): string[] {
  const failed = summaries.flatMap((summary) => summary.runs.filter((run) => run.status !== 'ok'));
  if (failed.length === 0) return [];
  return [
    '',
    'Failed runs:',
    '',
    ...failed.map((run) => `- ${cell(runLabel(run))}: **${cell(run.status)}**${run.failure?.message ? ` — ${cell(run.failure.message)}` : ''}`),
  ];
}

/** The answer first: the sentences and a table per workload (see answer.ts). */
function answerLines(results: ReportInput['results']): string[] {
  const answer = buildAnswer(results);
  if (answer.workloads.length === 0) return [];
  const lines = [`## The answer at ${formatCount(answer.rows)} rows`, '', cell(answerLede(answer, results.runs.map((run) => run.tableRows))), ''];
  for (const workload of answer.workloads) {
    if (answer.workloads.length > 1) lines.push(`### ${cell(answerHeading(workload))}`, '');
    lines.push(...workload.sentences.map((sentence) => `- ${cell(sentence)}`), '');
    lines.push('| Scenario | Peak RSS | Wall time | Memory grows | Time grows | Verdict |', '|---|---:|---:|---|---|---|');
    for (const row of workload.rows) {
      const name = `${row.scenario.id}${row.farBeyond ? ' (far beyond the sizes measured)' : ''}${row.note ? ` (${row.note})` : ''}`;
      lines.push(
        `| ${[name, figureText(row.peak, formatBytes, answer.projected), figureText(row.wall, formatMs, answer.projected), row.memoryClass ?? '–', row.timeClass ?? '–', verdictText(row)].map(cell).join(' | ')} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

/** With `--versions`: each cell's variants against the first, every difference with its interval. */
function versionLines(results: ReportInput['results']): string[] {
  const comparisons = comparisonsOf(results);
  if (comparisons.length === 0) return [];
  const variants = (results.context.variants ?? []).map((variant) => `${cell(variant.label)} (${Object.entries(variant.resolved).map(([name, version]) => `${cell(name)} ${cell(version)}`).join(', ')})`);
  return [
    '## Versions side by side',
    '',
    `${variants.join(' vs ')}: runs interleaved, each pair from one round; 95 % intervals of the paired differences (paired t on log ratios).`,
    '',
    ...comparisonLines(comparisons).map((line) => `- ${cell(line)}`),
    '',
  ];
}

/** With `--sink-rate`: whether each library's memory stayed bounded behind the slow consumer. */
function slowConsumerLines(results: ReportInput['results']): string[] {
  const sentences = slowConsumerSentences(results);
  if (sentences.length === 0) return [];
  return ['## Behind a slow consumer', '', ...sentences.map((sentence) => `- ${cell(sentence)}`), ''];
}

/** `3 repeats`, or `2–3 repeats (adaptive)`. */
export function repeatsLabel(options: ReportInput['results']['context']['options']): string {
  const adaptive = options.adaptiveRepeats;
  if (adaptive) return `${adaptive.min}–${adaptive.max} repeats (adaptive: another run while peaks differ by more than ${adaptive.tolerancePercent} %)`;
  return `${options.repeat} repeat${options.repeat === 1 ? '' : 's'}`;
}

/** For merged shards: how many, whether on different machines, and what is missing. */
export function mergeLines(context: ReportInput['results']['context']): string[] {
  const merged = context.merged;
  if (!merged) return [];
  const machines = merged.differentMachines
    ? ` They ran on different machines (${merged.shards.map((shard) => `shard ${shard.index}: ${cell(shard.hostname ?? 'unknown host')}, ${cell(shard.cpu.model)} × ${shard.cpu.cores}`).join('; ')}): compare times across shards with care.`
    : '';
  const missing = merged.incomplete
    ? ` **Incomplete:** ${merged.incomplete.missingShards.length > 0 ? `shard${merged.incomplete.missingShards.length === 1 ? '' : 's'} ${merged.incomplete.missingShards.join(', ')} missing; ` : ''}${merged.incomplete.missingUnits.length} cells short of runs (${merged.incomplete.missingUnits.map(cell).join(', ')}).`
    : '';
  return ['', `Merged from ${merged.shards.length} of ${merged.count} shards.${machines}${missing}`];
}

/** Renders summary.md. Pure. */
export function renderMarkdown(input: ReportInput): string {
  const { results, comparison } = input;
  const { context } = results;
  const summaries = summarizeScenarios(results);
  const footnotes = emulatedFootnotes(summaries);
  const showRows = new Set(results.runs.map((run) => run.tableRows)).size > 1;
  const showWarm = summaries.some((summary) => summary.warm !== null);
  const lines = [
    ...answerLines(results),
    ...slowConsumerLines(results),
    ...versionLines(results),
    ...(comparison !== undefined ? [renderComparisonMarkdown(comparison)] : []),
    `## rowmeter: ${context.options.workloads.join(', ')}, ${context.options.rows.map(formatCount).join(' / ')} rows × ${formatCount(context.options.payloadBytes)} B payload, ${repeatsLabel(context.options)}`,
    '',
    [
      cell(context.postgresVersion),
      `Node.js ${cell(context.nodeVersion)}`,
      `rowmeter ${cell(context.rowmeterVersion)}${context.commit ? ` (${cell(context.commit)})` : ''}`,
      `${cell(context.os.platform)} ${cell(context.os.arch)}, ${cell(context.cpu.model)} × ${context.cpu.cores}`,
      `started ${cell(context.startedAt)}`,
    ].join(' · '),
    ...mergeLines(context),
    '',
    'Medians over the repeats that finished ok; **bold** scenarios had a failed repeat; ≥ marks figures from failed runs only. ' +
      'Server RSS: peak resident memory of the run\'s own PostgreSQL backends (shared buffers they touched included; private memory in brackets); server temp: temp-file bytes its database wrote; n/a when the server is not on this machine.',
    '',
    `| Scenario |${showRows ? ' Rows |' : ''} Support | Peak RSS | Peak heap | Retained | Server RSS | Server temp | Wall time |${showWarm ? ' Warm time |' : ''} First row | Rows/s | Queries | Runs |`,
    `|---|${showRows ? '---:|' : ''}---|---:|---:|---:|---:|---:|---:|${showWarm ? '---:|' : ''}---:|---:|---:|---|`,
    ...summaries.map((summary) => summaryRow(summary, footnotes, showRows, showWarm)),
    ...emulatedLines(summaries, footnotes),
    ...unverifiedLines(summaries),
    ...repeatLines(results),
    ...failureLines(summaries),
    ...budgetLines(results.budgets ?? []),
    '',
  ];
  return lines.join('\n');
}

export const markdownExporter: Exporter = { fileName: MARKDOWN_FILE_NAME, render: renderMarkdown };
