/**
 * Renderers of a {@link Comparison}: a plain table for the terminal (no colours, so CI logs
 * stay readable) and GitHub-flavoured Markdown for job summaries and pull-request comments.
 * Both list the worst verdicts first.
 */
import Table from 'cli-table3';
import { verdictSeverity } from './compare.js';
import { escapeMarkdown } from '../format.js';
import { formatMetric, formatMetricChange, formatPercent, formatRatio } from './format.js';
import type { ComparedSide, Comparison, MetricChange, ScenarioComparison, Verdict } from './types.js';

/** `backfill/pg/keyset`, or `backfill/pg/keyset @ 50,000 rows` when the comparison spans several table sizes. */
export function comparedLabel(entry: ScenarioComparison, comparison: Comparison): string {
  const sizes = new Set(comparison.scenarios.map((scenario) => scenario.tableRows));
  return sizes.size > 1 ? `${entry.scenarioId} @ ${entry.tableRows.toLocaleString('en-US')} rows` : entry.scenarioId;
}

/** Scenarios with the worst verdicts first, matrix order within a verdict. */
export function sortedScenarios(comparison: Comparison): ScenarioComparison[] {
  return comparison.scenarios
    .map((scenario, index) => ({ scenario, index }))
    .sort((a, b) => verdictSeverity(b.scenario.verdict) - verdictSeverity(a.scenario.verdict) || a.index - b.index)
    .map(({ scenario }) => scenario);
}

/** E.g. "1 regressed, 2 improved, 9 unchanged of 12 scenarios". */
export function summarizeComparison(comparison: Comparison): string {
  const counts = new Map<Verdict, number>();
  for (const scenario of comparison.scenarios) counts.set(scenario.verdict, (counts.get(scenario.verdict) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort(([a], [b]) => verdictSeverity(b) - verdictSeverity(a))
    .map(([verdict, count]) => `${count} ${verdict}`);
  const total = comparison.scenarios.length;
  if (total === 0) return 'no scenarios ran on either side';
  return `${parts.join(', ')} of ${total} scenario${total === 1 ? '' : 's'}`;
}

function thresholdsLine(comparison: Comparison): string {
  const { maxMemoryRegression, maxTimeRegression } = comparison.thresholds;
  return `thresholds: peak RSS ${formatPercent(maxMemoryRegression)}, wall time ${formatPercent(maxTimeRegression)}, and outside the repeats' spread`;
}

function sideLine(label: string, side: ComparedSide): string {
  return `${label}: ${side.source} (${side.startedAt}${side.commit ? `, commit ${side.commit}` : ''}${side.complete ? '' : '; INCOMPLETE: interrupted or still running, some runs are missing'})`;
}

function change(metric: MetricChange | null): string {
  if (metric === null || metric.changeRatio === null) return '–';
  return `${formatRatio(metric.changeRatio)} (${formatMetricChange(metric.metric, metric.changeAbs)})`;
}

function value(metric: MetricChange | null, side: 'base' | 'head'): string {
  if (metric === null) return '–';
  return formatMetric(metric.metric, side === 'base' ? metric.baseMedian : metric.headMedian);
}

/** True when any scenario was timed warm on both sides: the tables then show warm time too. */
function hasWarm(comparison: Comparison): boolean {
  return comparison.scenarios.some((scenario) => scenario.warm !== null);
}

/** The comparison as a terminal table, followed by each non-unchanged scenario's reason. */
export function renderComparisonTable(comparison: Comparison): string {
  const table = new Table({
    head: ['Scenario', 'Verdict', 'Peak RSS base', 'Peak RSS head', 'Change', 'Wall base', 'Wall head', 'Change', ...(hasWarm(comparison) ? ['Warm base', 'Warm head', 'Change'] : [])],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [], compact: true },
  });
  const scenarios = sortedScenarios(comparison);
  for (const scenario of scenarios) {
    table.push([
      comparedLabel(scenario, comparison),
      scenario.verdict,
      value(scenario.memory, 'base'),
      value(scenario.memory, 'head'),
      change(scenario.memory),
      value(scenario.time, 'base'),
      value(scenario.time, 'head'),
      change(scenario.time),
      ...(hasWarm(comparison) ? [value(scenario.warm, 'base'), value(scenario.warm, 'head'), change(scenario.warm)] : []),
    ]);
  }
  const lines = [sideLine('base', comparison.base), sideLine('head', comparison.head)];
  if (comparison.settingsMismatch !== null) lines.push(`not comparable: ${comparison.settingsMismatch}`);
  lines.push(table.toString());
  const explained = scenarios.filter((scenario) => scenario.verdict !== 'unchanged');
  if (explained.length > 0) {
    lines.push('');
    for (const scenario of explained) lines.push(`${comparedLabel(scenario, comparison)}: ${scenario.verdict}: ${scenario.reason}`);
  }
  lines.push('', `${summarizeComparison(comparison)} (${thresholdsLine(comparison)})`);
  return lines.join('\n');
}

const VERDICT_MARK: Record<Verdict, string> = {
  regressed: '🔴 regressed',
  improved: '🟢 improved',
  unchanged: 'unchanged',
  new: '🆕 new',
  gone: 'gone',
  'not comparable': '⚪ not comparable',
};

/** The comparison as GitHub-flavoured Markdown: a heading, a summary line, one table, the rule. */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const headline =
    comparison.regressions > 0
      ? `**${comparison.regressions} regression${comparison.regressions === 1 ? '' : 's'}**: ${escapeMarkdown(summarizeComparison(comparison))}.`
      : `No regression: ${escapeMarkdown(summarizeComparison(comparison))}.`;
  const lines = [
    '## rowmeter comparison',
    '',
    headline,
    '',
    `- ${escapeMarkdown(sideLine('Base', comparison.base))}`,
    `- ${escapeMarkdown(sideLine('Head', comparison.head))}`,
  ];
  if (comparison.settingsMismatch !== null) lines.push(`- Not comparable: ${escapeMarkdown(comparison.settingsMismatch)}`);
  lines.push(
    '',
    `| Scenario | Verdict | Peak RSS base | Peak RSS head | Change | Wall base | Wall head | Change |${hasWarm(comparison) ? ' Warm base | Warm head | Change |' : ''} Why |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |${hasWarm(comparison) ? ' ---: | ---: | ---: |' : ''} --- |`,
  );
  for (const scenario of sortedScenarios(comparison)) {
    const cells = [
      escapeMarkdown(comparedLabel(scenario, comparison)),
      VERDICT_MARK[scenario.verdict],
      value(scenario.memory, 'base'),
      value(scenario.memory, 'head'),
      change(scenario.memory),
      value(scenario.time, 'base'),
      value(scenario.time, 'head'),
      change(scenario.time),
      ...(hasWarm(comparison) ? [value(scenario.warm, 'base'), value(scenario.warm, 'head'), change(scenario.warm)] : []),
      escapeMarkdown(scenario.reason),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const { maxMemoryRegression, maxTimeRegression } = comparison.thresholds;
  lines.push(
    '',
    `A scenario regresses when a median grows beyond its threshold (peak RSS ${formatPercent(maxMemoryRegression)}, ` +
      `wall time ${formatPercent(maxTimeRegression)}) and the min–max ranges of the two sides' repeats do not overlap, ` +
      'or when a run newly fails. Medians are over ok runs only.' +
      (hasWarm(comparison)
        ? ` Where both sides were timed warm (--timing), time is judged on the warm mean instead: beyond ${formatPercent(maxTimeRegression)} and the 95 % confidence intervals apart; cold wall time is a second signal.`
        : ''),
    '',
  );
  return lines.join('\n');
}
