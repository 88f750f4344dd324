/**
 * The report's built-in views, as {@link ReportView}s: the charts (specs.ts) and the HTML
 * fragments (summary table, comparison, context). Pure: results in, views out. Every string
 * taken from results is escaped here, because an `html` view is inserted as-is.
 */
import { formatMetric, formatPercent, formatRatio as formatComparedRatio } from '../compare/format.js';
import { comparedLabel, sortedScenarios } from '../compare/render.js';
import type { ComparedSide, Comparison, MetricChange } from '../compare/types.js';
import { runStatusLabel, type BenchmarkResults, type BudgetVerdict, type RunResult, type Workload } from '../results.js';
import type { Spread } from '../stats.js';
import { escapeHtml, formatBudgetFigure, formatBytes, formatCount, formatMs } from '../format.js';
import { growthSpec, warmSpec, memoryRows, memorySpec, peakSpec, progressRows, progressSpec, runLabel, tradeOffSpec } from './specs.js';
import { dimensionSpec, sweeps, versionSpec } from './dimension-specs.js';
import { comparisonLines, comparisonsOf, type VariantComparison } from '../compare/variants.js';
import { answerLede, buildAnswer, type AnswerFigure, type AnswerRow, answerHeading } from './answer.js';
import { emulatedFootnotes, OUTLIER_FACTOR, outlierScenarios, summarizeScenarios, warmText, type ScenarioSummary } from './summary.js';
import type { ReportView } from './view.js';

/** Ids of the built-in views, in page order. */
export const VIEW_IDS = {
  answer: 'answer',
  budgets: 'budgets',
  growthMemory: 'growth-memory',
  growthTime: 'growth-time',
  comparison: 'comparison',
  summary: 'summary',
  memory: 'memory',
  memoryWithoutOutliers: 'memory-without-outliers',
  peaks: 'peaks',
  tradeOff: 'trade-off',
  progress: 'progress',
  warm: 'warm-time',
  versions: 'versions',
  latency: 'latency',
  batchSize: 'batch-size',
  context: 'context',
} as const;

/**
 * The runs of one workload at one table size (and that workload's scenarios): what the per-run
 * charts draw, so runs of different jobs or sizes never share an axis.
 */
export function sliceResults(results: BenchmarkResults, workload: string, tableRows: number): BenchmarkResults {
  return {
    ...results,
    scenarios: results.scenarios.filter((scenario) => scenario.workload === workload),
    runs: results.runs.filter((run) => run.workload === workload && run.tableRows === tableRows),
  };
}

/** Each workload with runs, with the largest table size it ran at: the slices the charts show. */
export function chartSlices(results: BenchmarkResults): Array<{ workload: string; tableRows: number }> {
  const order: readonly string[] = ['backfill', 'export', 'import'];
  return order.flatMap((workload) => {
    const sizes = results.runs.filter((run) => run.workload === workload).map((run) => run.tableRows);
    return sizes.length === 0 ? [] : [{ workload, tableRows: Math.max(...sizes) }];
  });
}

/** The built-in views of a report, in page order (the comparison first, when there is one). */
export function buildViews(results: BenchmarkResults, comparison?: Comparison): ReportView[] {
  const summaries = summarizeScenarios(results);
  const sizes = new Set(results.runs.map((run) => run.tableRows));
  const views: ReportView[] = [answerView(results)];
  if ((results.budgets ?? []).length > 0) views.push(budgetView(results.budgets));
  if (comparison !== undefined) views.push(comparisonView(comparison));
  const versions = comparisonsOf(results);
  if (versions.length > 0) views.push(versionsView(results, versions));
  views.push(...growthViews(results), ...dimensionViews(results));
  views.push({
    id: VIEW_IDS.summary,
    title: 'Summary per scenario',
    description:
      'Medians over the repeats that finished ok, with the min–max of those repeats in small print. ' +
      'Rows with a failed repeat are marked in red; a figure marked ≥ comes from failed runs only (what they reached before they ended). ' +
      'Emulated cells are explained in the notes under the table.',
    content: { kind: 'html', html: summaryTableHtml(summaries, { showTableRows: sizes.size > 1 }) },
  });
  const slices = chartSlices(results);
  if (slices.length === 0) {
    views.push({
      id: VIEW_IDS.memory,
      title: 'Charts',
      description: 'These results hold no runs, so there is nothing to chart.',
      content: { kind: 'html', html: '<p class="empty">No runs.</p>' },
    });
  }
  for (const slice of slices) {
    // One workload at one size keeps the ids and titles of a plain benchmark.
    const plain = slices.length === 1 && sizes.size <= 1;
    const suffix = plain ? '' : ` — ${slice.workload}, ${formatCount(slice.tableRows)} rows`;
    const idSuffix = slices.length === 1 ? '' : `-${slice.workload}`;
    for (const view of sliceViews(sliceResults(results, slice.workload, slice.tableRows))) {
      views.push({ ...view, id: `${view.id}${idSuffix}`, title: `${view.title}${suffix}` });
    }
  }
  if ((results.timings ?? []).length > 0) {
    views.push({
      id: VIEW_IDS.warm,
      title: 'Warm time per scenario',
      description:
        'With --timing, each scenario ran warm in one more process: its whole job again and again (tinybench), the database reset between iterations outside the measured time. ' +
        'Dots: every measured iteration; black tick: the mean; pale bar: the 95 % confidence interval of the mean, which compare uses to judge time. Fastest first.',
      content: { kind: 'chart', spec: warmSpec(results) },
    });
  }
  views.push({
    id: VIEW_IDS.context,
    title: 'Context',
    description: 'What these figures were measured with: versions, machine, every option, the seeded tables, and what a reader needs to compare fairly.',
    content: { kind: 'html', html: contextHtml(results) },
  });
  return views;
}

/** The per-run charts of one slice (one workload, one table size). */
function sliceViews(results: BenchmarkResults): ReportView[] {
  const summaries = summarizeScenarios(results).filter((summary) => summary.runs.length > 0);
  const outliers = outlierScenarios(summaries);
  const views: ReportView[] = [];
  const memory = memoryRows(results, outliers);
  views.push({
    id: VIEW_IDS.memory,
    title: 'Memory over time, every run',
    description:
      'RSS (solid) and V8 heap used (dashed) of every run, one row per library, one colour per strategy, time from the moment the child was spawned. ' +
      'Triangles mark the first row, squares the end of the work; the other markers show where a failed run ended, and how (see the legend). Click a strategy in the legend to highlight it (shift-click for more).',
    content: { kind: 'chart', spec: memorySpec(results, memory) },
  });
  const excluded = summaries.filter((summary) => outliers.has(summary.scenario.id)).map((summary) => summary.scenario.id);
  views.push(
    excluded.length === 0
      ? {
          id: VIEW_IDS.memoryWithoutOutliers,
          title: 'Memory over time, without outliers',
          description: `No scenario's median peak RSS exceeds ${OUTLIER_FACTOR}× the median of all scenarios' medians, so the chart above already has a readable scale.`,
          content: { kind: 'html', html: '<p class="empty">Nothing to leave out.</p>' },
        }
      : {
          id: VIEW_IDS.memoryWithoutOutliers,
          title: 'Memory over time, without outliers',
          description:
            `The same chart without ${excluded.join(', ')}: scenarios whose median peak RSS exceeds ${OUTLIER_FACTOR}× the median of all scenarios' medians, ` +
            'so the rest are shown at a readable scale.',
          content: { kind: 'chart', spec: memorySpec(results, memory, { withoutOutliers: true }) },
        },
  );
  views.push(
    {
      id: VIEW_IDS.peaks,
      title: 'Peak memory per scenario',
      description:
        'Bars: median peak RSS from the kernel high-water mark (dark) and the largest sampled RSS (pale); grey bar: peak RSS of the run\'s own PostgreSQL backends (shared buffers they touched included); whisker: min–max of the kernel peak over the repeats; ' +
        'black tick: median idle baseline (after imports and connect); dashed red line: the memory limit, if one was set. Click a library in the legend to highlight it.',
      content: { kind: 'chart', spec: peakSpec(results, summaries) },
    },
    {
      id: VIEW_IDS.tradeOff,
      title: 'Time versus peak memory',
      description:
        'One point per scenario (medians). Lower left is better: the labelled points joined by the dashed line are the best trade-offs — no other scenario is both faster and smaller. ' +
        'Hollow points have no run that finished ok. Click the legends to highlight strategies or libraries.',
      content: { kind: 'chart', spec: tradeOffSpec(results, summaries) },
    },
    {
      id: VIEW_IDS.progress,
      title: 'Progress over time',
      description:
        'Rows processed against seconds since the child was connected and idle, one line per run. A straight line is a steady rate; ' +
        'a line that bends flatter is slowing down as it goes, as LIMIT/OFFSET does on deep pages.',
      content: { kind: 'chart', spec: progressSpec(results, progressRows(results, outliers)) },
    },
  );
  return views;
}

// ---------------------------------------------------------------------------------------------
// The answer and growth

function figureHtml(figure: AnswerFigure | null, format: (value: number) => string, projected: boolean): string {
  if (figure === null) return '<span class="muted">–</span>';
  const band = figure.low !== figure.high ? `<small>${projected ? 'band ' : ''}${escapeHtml(format(figure.low))} – ${escapeHtml(format(figure.high))}</small>` : '';
  return `<span class="figure">${escapeHtml(format(figure.value))}</span>${band}`;
}

function verdictHtml(row: AnswerRow): string {
  if (row.verdict === null) return '<span class="muted">–</span>';
  const at = row.verdict === 'exceeds' && row.limitReachedAtRows !== null ? `<small>limit at about ${escapeHtml(formatCount(row.limitReachedAtRows))} rows</small>` : '';
  return `<span class="verdict verdict-${row.verdict}">${row.verdict}</span>${at}`;
}

/** The answer, first on the page: at the user's size and limit, what fits, what it costs, and one sentence per library. */
/** Every budget judged: exceeded ones first, each with its median, its limit and how many ok runs it is over. */
export function budgetView(verdicts: readonly BudgetVerdict[]): ReportView {
  const order = { exceeded: 0, 'no-data': 1, within: 2 } as const;
  const rows = [...verdicts]
    .sort((a, b) => order[a.verdict] - order[b.verdict])
    .map((verdict) => {
      const badge = `<span class="verdict verdict-${verdict.verdict === 'exceeded' ? 'exceeds' : verdict.verdict === 'within' ? 'fits' : 'unknown'}">${escapeHtml(verdict.verdict)}</span>`;
      const median = verdict.median === null ? '<span class="muted">–</span>' : escapeHtml(formatBudgetFigure(verdict.metric, verdict.median));
      return (
        `<tr data-scenario="${escapeHtml(verdict.scenarioId)}" data-verdict="${verdict.verdict}"><th scope="row">${escapeHtml(verdict.scenarioId)}</th>` +
        `<td class="num">${escapeHtml(formatCount(verdict.tableRows))}</td><td>${escapeHtml(verdict.metric)}</td>` +
        `<td class="num">${median}</td><td class="num">${escapeHtml(formatBudgetFigure(verdict.metric, verdict.limit))}</td><td class="num">${verdict.runs}</td><td>${badge}</td></tr>`
      );
    })
    .join('\n');
  const exceeded = verdicts.filter((verdict) => verdict.verdict === 'exceeded').length;
  return {
    id: VIEW_IDS.budgets,
    title: exceeded > 0 ? `Budgets: ${exceeded} exceeded` : 'Budgets: all within',
    description: 'Each budget of each scenario, judged on the median of its ok runs at each table size. An exceeded budget does not stop a run (that is --memory-limit); it makes rowmeter bench exit with code 1.',
    content: {
      kind: 'html',
      html: `<div class="table-wrap"><table class="summary budgets"><thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Rows</th><th scope="col">Budget</th><th scope="col" class="num">Median</th><th scope="col" class="num">Limit</th><th scope="col" class="num">Ok runs</th><th scope="col">Verdict</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`,
    },
  };
}

export function answerView(results: BenchmarkResults): ReportView {
  const answer = buildAnswer(results);
  const sections = answer.workloads.map((workload) => {
    const best = new Set(workload.best.map((entry) => entry.row).filter((row): row is AnswerRow => row !== null));
    const body = workload.rows
      .map((row) => {
        const id = escapeHtml(row.scenario.id);
        const mark = best.has(row) ? ' <span class="best" title="the fastest of its library that fits">best</span>' : '';
        const far = row.farBeyond ? ' <span class="far" title="projected more than 10× beyond the largest size measured">far beyond</span>' : '';
        const note = row.note ? `<small>${escapeHtml(row.note)}</small>` : '';
        return (
          `<tr class="verdict-row-${row.verdict ?? 'none'}" data-answer-scenario="${id}"><th scope="row">${id}${mark}${far}${note}</th>` +
          `<td class="num">${figureHtml(row.peak, formatBytes, answer.projected)}</td>` +
          `<td class="num">${figureHtml(row.wall, formatMs, answer.projected)}</td>` +
          `<td>${escapeHtml(row.memoryClass ?? '–')}</td><td>${escapeHtml(row.timeClass ?? '–')}</td><td>${verdictHtml(row)}</td></tr>`
        );
      })
      .join('\n');
    return (
      (answer.workloads.length > 1 ? `<h3>${escapeHtml(answerHeading(workload))}</h3>` : '') +
      `<ul class="answer-sentences">${workload.sentences.map((sentence) => `<li>${escapeHtml(sentence)}</li>`).join('')}</ul>` +
      '<div class="table-wrap"><table class="answer"><thead><tr><th scope="col">Scenario</th><th scope="col" class="num">Peak RSS</th><th scope="col" class="num">Wall time</th>' +
      `<th scope="col">Memory grows</th><th scope="col">Time grows</th><th scope="col">Verdict</th></tr></thead><tbody>\n${body}\n</tbody></table></div>`
    );
  });
  return {
    id: VIEW_IDS.answer,
    title: `The answer at ${formatCount(answer.rows)} rows`,
    description:
      `${answerLede(answer, results.runs.map((run) => run.tableRows))} each scenario's peak memory and wall time, how they grow with the rows, and whether it fits. ` +
      'Projected figures come with their band (docs/growth.md); "best" marks the fastest scenario of each library that fits.',
    content: { kind: 'html', html: sections.length > 0 ? sections.join('\n') : '<p class="empty">No scenario has figures yet.</p>' },
  };
}

/** Peak RSS and wall time against rows, when the benchmark measured more than one size: one pair per workload. */
/** With `--versions`: every cell's difference between variants, with its interval and the zero line. */
function versionsView(results: BenchmarkResults, comparisons: readonly VariantComparison[]): ReportView {
  const variants = (results.context.variants ?? []).map((variant) => `${variant.label} (${Object.entries(variant.resolved).map(([name, version]) => `${name} ${version}`).join(', ')})`);
  const resolved = comparisons.flatMap((comparison) => comparison.differences).filter((difference) => difference.verdict === 'higher' || difference.verdict === 'lower').length;
  return {
    id: VIEW_IDS.versions,
    title: `Versions side by side: ${resolved} difference${resolved === 1 ? '' : 's'} resolved`,
    description:
      `${variants.join(' against ')}. The variants of each cell ran interleaved (A B, then B A), each run in its own process on its own copy; each point is the paired difference of one figure, ` +
      'the bar its 95 % confidence interval (paired t on log ratios). Red: higher than the first variant; green: lower; grey: the interval crosses zero. ' +
      `In words: ${comparisonLines(comparisons).join(' ')}`,
    content: { kind: 'chart', spec: versionSpec(comparisons) },
  };
}

/** With `--latency` or `--batch-size` lists: time and memory against the swept value, per strategy. */
function dimensionViews(results: BenchmarkResults): ReportView[] {
  const views: ReportView[] = [];
  if (sweeps(results, 'latency')) {
    views.push({
      id: VIEW_IDS.latency,
      title: 'Against the network: time and memory per round trip',
      description:
        'Median wall time and peak RSS of every cell at each --latency, at the largest table size (rules: min–max of the repeats). ' +
        'A line that climbs steeply pays a round trip per row or per small batch; a flat one (COPY, set-based SQL) hardly talks to the server. Memory should not move with latency: when it does, rows wait in flight.',
      content: { kind: 'chart', spec: dimensionSpec(results, 'latency') },
    });
  }
  if (sweeps(results, 'batchSize')) {
    views.push({
      id: VIEW_IDS.batchSize,
      title: 'Against the batch size: time and memory per --batch-size',
      description:
        'Median wall time and peak RSS of every cell at each batch size (log axis), at the largest table size. Bigger batches mean fewer round trips and more rows in memory at once: ' +
        'the answer above recommends, per library, the fastest that fits the limit.',
      content: { kind: 'chart', spec: dimensionSpec(results, 'batchSize') },
    });
  }
  return views;
}

function growthViews(results: BenchmarkResults): ReportView[] {
  if (results.growth.length === 0) return [];
  const workloads = [...new Set(results.growth.map((entry) => entry.workload))];
  return workloads.flatMap((workload) => {
    const slice: BenchmarkResults = { ...results, runs: results.runs.filter((run) => run.workload === workload), scenarios: results.scenarios.filter((scenario) => scenario.workload === workload) };
    const suffix = workloads.length > 1 ? ` — ${workload}` : '';
    const idSuffix = workloads.length > 1 ? `-${workload}` : '';
    const projected = results.context.options.projectRows;
    const to = projected ? ` continued to ${formatCount(projected)} rows (dashed grey rule)` : '';
    return [
      {
        id: `${VIEW_IDS.growthMemory}${idSuffix}`,
        title: `Growth: peak memory against rows${suffix}`,
        description:
          `Median peak RSS per size (points, with the repeats' min–max), and each scenario's fitted growth${to} with its band; log–log axes, one row per library. ` +
          'A flat line is constant memory; a line rising with slope 1 is a cost per row. The red dashed line is the memory limit. Click a strategy to highlight it.',
        content: { kind: 'chart' as const, spec: growthSpec(slice, 'peakRssBytes') },
      },
      {
        id: `${VIEW_IDS.growthTime}${idSuffix}`,
        title: `Growth: wall time against rows${suffix}`,
        description:
          `Median wall time per size and each scenario's fitted growth${to} with its band, log–log. A slope of 1 is linear work; LIMIT/OFFSET's rescans bend upward toward 2.`,
        content: { kind: 'chart' as const, spec: growthSpec(slice, 'wallMs') },
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Summary table

function spreadHtml(spread: Spread | null, format: (value: number) => string, lowerBound: boolean): string {
  if (spread === null) return '<span class="muted">–</span>';
  const main = `${lowerBound ? '≥ ' : ''}${escapeHtml(format(spread.median))}`;
  const range = spread.count > 1 && spread.min !== spread.max ? `<small>${escapeHtml(format(spread.min))} – ${escapeHtml(format(spread.max))}</small>` : '';
  const title = lowerBound ? ' title="no run finished ok: figures from failed runs"' : '';
  return `<span class="figure"${title}>${main}</span>${range}`;
}

function statusBadges(runs: readonly RunResult[]): string {
  if (runs.length === 0) return '<span class="muted">not run</span>';
  return runs
    .map((run) => {
      const label = runStatusLabel(run);
      const detail = run.failure?.message ? `: ${run.failure.message}` : label === 'unverified' ? ': the scenario has no verify(), so nothing checked its work' : '';
      return `<span class="status status-${label}" title="${escapeHtml(`#${run.repeat} ${label}${detail}`)}">${escapeHtml(label)}</span>`;
    })
    .join(' ');
}

function supportHtml(summary: ScenarioSummary, footnote: number | undefined): string {
  const { scenario } = summary;
  if (scenario.support === 'emulated') {
    const mark = footnote === undefined ? '' : `<sup><a href="#emulated-${footnote}">${footnote}</a></sup>`;
    return `<span class="support support-emulated" title="${escapeHtml(scenario.how)}">emulated</span>${mark}`;
  }
  return `<span class="support support-native" title="${escapeHtml(scenario.how)}">native</span>`;
}

function emulatedNotesHtml(summaries: readonly ScenarioSummary[], footnotes: ReadonlyMap<string, number>): string {
  if (footnotes.size === 0) return '';
  const seen = new Set<string>();
  const items = summaries
    .filter((summary) => footnotes.has(summary.scenario.id) && !seen.has(summary.scenario.id) && seen.add(summary.scenario.id))
    .map((summary) => {
      const number = footnotes.get(summary.scenario.id)!;
      return `<li id="emulated-${number}" value="${number}"><strong>${escapeHtml(summary.scenario.id)}</strong>: ${escapeHtml(summary.scenario.how)}</li>`;
    })
    .join('\n');
  return `<h3>Emulated cells</h3><ol class="emulated-notes">\n${items}\n</ol>`;
}

/** Warm time: tinybench's mean ± relative margin of error, p50–p99 in small print; the status of a failed timing. */
function warmHtml(summary: ScenarioSummary): string {
  const timing = summary.warm;
  if (timing === null) return '<span class="muted">–</span>';
  if (timing.status !== 'ok') return `<span class="status status-${escapeHtml(timing.status)}" title="${escapeHtml(timing.failure?.message ?? '')}">${escapeHtml(timing.status)}</span>`;
  const range = timing.p50Ms !== null && timing.p99Ms !== null ? `<small>p50 ${escapeHtml(formatMs(timing.p50Ms))} · p99 ${escapeHtml(formatMs(timing.p99Ms))} · ${timing.samples} it.</small>` : '';
  return `<span class="figure">${escapeHtml(warmText(timing, formatMs))}</span>${range}`;
}

/** The backends' peak RSS (median), their private part in small print, or why it is unknown. */
function serverHtml(summary: ScenarioSummary): string {
  if (summary.serverPeakRssBytes === null) {
    const reason = summary.serverUnavailableReason;
    return reason ? `<span class="muted" title="${escapeHtml(reason)}">n/a</span>` : '<span class="muted">–</span>';
  }
  const peak = escapeHtml(formatBytes(summary.serverPeakRssBytes.median));
  const privateBytes = summary.serverPrivateBytes === null ? '' : `<small>${escapeHtml(formatBytes(summary.serverPrivateBytes.median))} private</small>`;
  return `<span class="figure">${peak}</span>${privateBytes}`;
}

/**
 * The summary table: one row per listed scenario (and table size, with `showTableRows`), then
 * the notes on emulated cells and the list of failed runs.
 */
export function summaryTableHtml(summaries: readonly ScenarioSummary[], options: { showTableRows?: boolean } = {}): string {
  const showRows = options.showTableRows === true;
  const footnotes = emulatedFootnotes(summaries);
  const showWarm = summaries.some((summary) => summary.warm !== null);
  const labels = ['Scenario', ...(showRows ? ['Rows'] : []), 'Support', 'Peak RSS', 'Peak heap', 'Retained', 'Server RSS', 'Server temp', 'Wall time', ...(showWarm ? ['Warm time'] : []), 'First row', 'Rows/s', 'Queries', 'Runs'];
  const numeric = new Set(['Rows', 'Peak RSS', 'Peak heap', 'Retained', 'Server RSS', 'Server temp', 'Wall time', 'Warm time', 'First row', 'Rows/s', 'Queries']);
  const head = labels.map((label) => `<th scope="col"${numeric.has(label) ? ' class="num"' : ''}>${label}</th>`).join('');
  const body = summaries
    .map((summary) => {
      const { scenario } = summary;
      const id = escapeHtml(scenario.id);
      if (scenario.support === 'unsupported') {
        const reason = scenario.unsupportedReason ?? 'no reason given';
        return (
          `<tr class="unsupported" data-scenario="${id}"><th scope="row">${id}</th>` +
          `<td colspan="${labels.length - 1}" class="not-supported">not supported: ${escapeHtml(reason)}</td></tr>`
        );
      }
      const lower = summary.basis === 'failed';
      const classes = [summary.failedRuns > 0 ? 'has-failure' : '', summary.basis === 'failed' ? 'all-failed' : ''].filter(Boolean).join(' ');
      const cells = [
        ...(showRows ? [summary.tableRows === null ? '<span class="muted">–</span>' : escapeHtml(formatCount(summary.tableRows))] : []),
        supportHtml(summary, footnotes.get(scenario.id)),
        spreadHtml(summary.peakRssBytes, formatBytes, lower),
        spreadHtml(summary.peakHeapUsedBytes, formatBytes, lower),
        spreadHtml(summary.retainedBytes, formatBytes, lower),
        serverHtml(summary),
        spreadHtml(summary.serverTempBytes, formatBytes, false),
        spreadHtml(summary.wallMs, formatMs, lower),
        ...(showWarm ? [warmHtml(summary)] : []),
        spreadHtml(summary.firstRowMs, formatMs, false),
        spreadHtml(summary.rowsPerSecond, formatCount, false),
        spreadHtml(summary.queries, formatCount, false),
        statusBadges(summary.runs),
      ];
      return (
        `<tr${classes ? ` class="${classes}"` : ''} data-scenario="${id}"${summary.tableRows === null ? '' : ` data-rows="${summary.tableRows}"`}><th scope="row">${id}</th>` +
        cells.map((cell, index) => `<td${numeric.has(labels[index + 1] ?? '') ? ' class="num"' : ''}>${cell}</td>`).join('') +
        '</tr>'
      );
    })
    .join('\n');
  const table = `<div class="table-wrap"><table class="summary"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
  return table + emulatedNotesHtml(summaries, footnotes) + failuresHtml(summaries);
}

function failureLine(run: RunResult): string {
  const parts: string[] = [];
  if (run.failure?.message) parts.push(run.failure.message);
  if (run.status === 'verify-failed' && run.verify !== null) {
    parts.push(`${formatCount(run.verify.mismatches)} of ${formatCount(run.verify.checkedRows)} rows wrong or missing`);
  }
  if (run.failure?.exitCode !== undefined && run.failure.exitCode !== null) parts.push(`exit code ${run.failure.exitCode}`);
  if (run.failure?.signal) parts.push(`signal ${run.failure.signal}`);
  return parts.join('; ');
}

function failuresHtml(summaries: readonly ScenarioSummary[]): string {
  const failed = summaries.flatMap((summary) => summary.runs.filter((run) => run.status !== 'ok'));
  if (failed.length === 0) return '';
  const items = failed
    .map((run) => {
      const line = failureLine(run);
      const stderr = run.failure?.stderrTail ? `<details><summary>stderr</summary><pre>${escapeHtml(run.failure.stderrTail)}</pre></details>` : '';
      return `<li><strong>${escapeHtml(runLabel(run))}</strong> <span class="status status-${run.status}">${escapeHtml(run.status)}</span>${line ? ` ${escapeHtml(line)}` : ''}${stderr}</li>`;
    })
    .join('\n');
  return `<h3>Failed runs</h3><ul class="failures">\n${items}\n</ul>`;
}

// ---------------------------------------------------------------------------------------------
// Comparison

function metricCell(change: MetricChange | null): string {
  if (change === null) return '–';
  const base = formatMetric(change.metric, change.baseMedian);
  const head = formatMetric(change.metric, change.headMedian);
  return `${base} → ${head} (${formatComparedRatio(change.changeRatio)})`;
}

function sideText(side: ComparedSide): string {
  return `${side.source} (${side.startedAt}${side.commit ? `, commit ${side.commit}` : ''}${side.complete ? '' : '; incomplete: interrupted or still running, some runs are missing'})`;
}

function comparisonView(comparison: Comparison): ReportView {
  const rows = sortedScenarios(comparison)
    .map((entry) => {
      const verdictClass = `verdict-${entry.verdict.replace(/\s+/g, '-')}`;
      return (
        `<tr class="${verdictClass}" data-scenario="${escapeHtml(entry.scenarioId)}"><th scope="row">${escapeHtml(comparedLabel(entry, comparison))}</th>` +
        `<td><span class="verdict ${verdictClass}">${escapeHtml(entry.verdict)}</span></td>` +
        `<td class="num">${escapeHtml(metricCell(entry.memory))}</td>` +
        `<td class="num">${escapeHtml(metricCell(entry.time))}</td>` +
        `<td>${escapeHtml(entry.baseStatuses.join(', ') || '–')} / ${escapeHtml(entry.headStatuses.join(', ') || '–')}</td>` +
        `<td>${escapeHtml(entry.reason)}</td></tr>`
      );
    })
    .join('\n');
  const mismatch =
    comparison.settingsMismatch === null ? '' : `<p class="regression-count">Not comparable: ${escapeHtml(comparison.settingsMismatch)}</p>`;
  const regressions =
    comparison.regressions > 0
      ? `<p class="regression-count">${comparison.regressions} regression${comparison.regressions === 1 ? '' : 's'}</p>`
      : '<p class="no-regression">No regressions.</p>';
  const html =
    `<p>Base: <code>${escapeHtml(sideText(comparison.base))}</code><br>Head: <code>${escapeHtml(sideText(comparison.head))}</code><br>` +
    `Thresholds: peak RSS +${escapeHtml(formatPercent(comparison.thresholds.maxMemoryRegression))}, wall time +${escapeHtml(formatPercent(comparison.thresholds.maxTimeRegression))}, and outside the repeats' spread</p>` +
    mismatch +
    regressions +
    '<div class="table-wrap"><table class="comparison"><thead><tr><th scope="col">Scenario</th><th scope="col">Verdict</th>' +
    '<th scope="col" class="num">Peak RSS (base → head)</th><th scope="col" class="num">Wall time (base → head)</th>' +
    `<th scope="col">Runs (base / head)</th><th scope="col">Why</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
  return {
    id: VIEW_IDS.comparison,
    title: 'Comparison with the base',
    description:
      'Verdict per scenario against the base results: a regression needs the median to move beyond the threshold and outside the spread of the repeats. Worst verdicts first.',
    content: { kind: 'html', html },
  };
}

// ---------------------------------------------------------------------------------------------
// Context

/** Formats any option or seed value by its name's unit suffix (`…Bytes`, `…Ms`). */
export function contextValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.map((item) => String(item)).join(', ') || 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (/Bytes$/.test(key)) return value < 1024 ? `${formatCount(value)} bytes` : `${formatBytes(value)} (${formatCount(value)} bytes)`;
    if (/Ms$/.test(key)) return `${formatMs(value)}`;
    return Number.isInteger(value) ? formatCount(value) : value.toFixed(1);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function definitionList(entries: ReadonlyArray<readonly [string, string]>): string {
  return `<dl>${entries.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/**
 * What the runs cost beyond their children (the table copy before, the verification and drop
 * after: `overheadMs`): the median per run and its share of the whole; older results lack it.
 */
export function overheadText(runs: BenchmarkResults['runs']): string {
  const recorded = runs.filter((run) => run.overheadMs !== undefined);
  if (recorded.length === 0) return 'not recorded';
  const sorted = recorded.map((run) => run.overheadMs!).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const overhead = sorted.reduce((sum, ms) => sum + ms, 0);
  const total = overhead + recorded.reduce((sum, run) => sum + run.wallMs, 0);
  return `median ${formatMs(median)} per run (table copy, verification, drop): ${((overhead / total) * 100).toFixed(1)} % of the runs' time`;
}

/** The adaptive repeat rule in words, or `no (--repeat is exact)`. */
function adaptiveRepeatsText(rule: BenchmarkResults['context']['options']['adaptiveRepeats']): string {
  if (!rule) return 'no (--repeat is exact)';
  return `${rule.min} runs, up to ${rule.max} while peaks differ by more than ${rule.tolerancePercent} % (and ${contextValue('floorBytes', rule.floorBytes)})`;
}

/** A shard, or merged shards: which, where they ran (when on different machines), what is missing. */
function shardEntries(context: BenchmarkResults['context']): Array<readonly [string, string]> {
  if (context.shard) return [['Shard', `${context.shard.index} of ${context.shard.count} (${context.shard.basis})`]];
  const merged = context.merged;
  if (!merged) return [];
  const entries: Array<readonly [string, string]> = [['Shards', `${merged.shards.length} of ${merged.count} merged${merged.differentMachines ? ', on different machines' : ', on one kind of machine'}`]];
  if (merged.differentMachines) {
    for (const shard of merged.shards) entries.push([`Shard ${shard.index}`, `${shard.hostname ?? 'unknown host'}: ${shard.cpu.model} × ${shard.cpu.cores}, ${contextValue('totalMemoryBytes', shard.totalMemoryBytes)}, ${shard.os.platform} ${shard.os.release}`]);
  }
  if (merged.incomplete) {
    entries.push(['Incomplete', `${merged.incomplete.missingShards.length > 0 ? `shards missing: ${merged.incomplete.missingShards.join(', ')}; ` : ''}cells short of runs: ${merged.incomplete.missingUnits.join(', ') || 'none'}`]);
  }
  return entries;
}

function contextHtml(results: BenchmarkResults): string {
  const { context } = results;
  const versions: Array<readonly [string, string]> = [
    ['rowmeter', `${context.rowmeterVersion}${context.commit ? ` (${context.commit})` : ''}`],
    ['Node.js', context.nodeVersion],
    ['PostgreSQL', context.postgresVersion],
    ...Object.entries(context.libraryVersions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, version]) => [name, version] as const),
  ];
  const machine: Array<readonly [string, string]> = [
    ['OS', `${context.os.platform} ${context.os.release} (${context.os.arch})`],
    ['CPU', `${context.cpu.model} × ${context.cpu.cores}`],
    ['Memory', contextValue('totalMemoryBytes', context.totalMemoryBytes)],
    ['Started', context.startedAt],
    ['Finished', context.finishedAt ?? 'did not finish'],
    ['Per-run overhead', overheadText(results.runs)],
    ['Idle CPUs', context.lowLatency ? (context.lowLatency.held ? `kept awake (${context.lowLatency.detail})` : `may halt: low-latency idle ${context.lowLatency.detail}`) : 'not recorded'],
    ...shardEntries(context),
  ];
  const options = Object.entries(context.options).map(([key, value]) => [key, key === 'adaptiveRepeats' ? adaptiveRepeatsText(context.options.adaptiveRepeats) : contextValue(key, value)] as const);
  const seed =
    context.seeds.length === 0
      ? '<p class="muted">Not recorded.</p>'
      : context.seeds.map((info) => definitionList(Object.entries(info).map(([key, value]) => [key, contextValue(key, value)] as const))).join('');
  const fairness =
    context.fairnessNotes.length === 0
      ? '<p class="muted">None.</p>'
      : `<ul>${context.fairnessNotes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
  const scenarioNotes = results.scenarios
    .filter((scenario) => (scenario.notes?.length ?? 0) > 0 || scenario.support === 'emulated')
    .map((scenario) => {
      const notes = [...(scenario.support === 'emulated' ? [`emulated: ${scenario.how}`] : []), ...(scenario.notes ?? [])];
      return `<li><strong>${escapeHtml(scenario.id)}</strong> (version ${scenario.version}): ${notes.map(escapeHtml).join('; ')}</li>`;
    });
  return (
    '<div class="context-grid">' +
    `<div><h3>Versions</h3>${definitionList(versions)}</div>` +
    `<div><h3>Machine and run</h3>${definitionList(machine)}</div>` +
    `<div><h3>Options</h3>${definitionList(options)}</div>` +
    `<div><h3>Seeded table${context.seeds.length > 1 ? 's' : ''}</h3>${seed}</div>` +
    '</div>' +
    `<h3>Fairness notes</h3>${fairness}` +
    (scenarioNotes.length > 0 ? `<h3>Scenario notes</h3><ul>${scenarioNotes.join('')}</ul>` : '')
  );
}
