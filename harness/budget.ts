/**
 * Budgets that fail CI (pytest-memray's `limit_memory`, per scenario): the config's default
 * budget merged with a scenario's own, and each one judged on the **median** of the scenario's
 * ok runs at each table size, so one noisy repeat neither passes nor fails a budget alone.
 * Pure functions.
 */
import type { Budget } from './api/index.js';
import { parseBytes, parseDurationMs } from './config/units.js';
import { BUDGET_METRICS, type BudgetMetric, type BudgetVerdict, type ResolvedBudget, type RunResult, type ScenarioInfo } from './results.js';
import { median } from 'simple-statistics';

function figure(parse: (text: unknown) => { value: number } | { error: string }, text: string | undefined): number | null {
  if (text === undefined) return null;
  const parsed = parse(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.value;
}

/** The scenario's budget over the config's, key by key, in bytes and ms; null when neither sets any. */
export function resolveBudget(configBudget: Budget | undefined, scenarioBudget: Budget | undefined): ResolvedBudget | null {
  const merged: Budget = { ...configBudget, ...scenarioBudget };
  const resolved: ResolvedBudget = {
    peakRssBytes: figure(parseBytes, merged.peakRss),
    peakHeapBytes: figure(parseBytes, merged.peakHeap),
    retainedBytes: figure(parseBytes, merged.retained),
    wallTimeMs: figure(parseDurationMs, merged.wallTime),
  };
  return Object.values(resolved).some((value) => value !== null) ? resolved : null;
}

const LIMIT_OF: Record<BudgetMetric, (budget: ResolvedBudget) => number | null> = {
  peakRss: (budget) => budget.peakRssBytes,
  peakHeap: (budget) => budget.peakHeapBytes,
  retained: (budget) => budget.retainedBytes,
  wallTime: (budget) => budget.wallTimeMs,
};

const FIGURE_OF: Record<BudgetMetric, (run: RunResult) => number | null> = {
  peakRss: (run) => run.peakRssBytes,
  peakHeap: (run) => run.peakHeapUsedBytes,
  retained: (run) => run.retainedBytes,
  wallTime: (run) => run.wallMs,
};

/**
 * Every budget of every scenario that has one, at every table size it ran at: `exceeded` when
 * the median of its ok runs is over the limit, `within` when not, `no-data` when no ok run
 * measured the figure. Ordered as the scenarios, then sizes, then {@link BUDGET_METRICS}.
 */
export function judgeBudgets(scenarios: readonly ScenarioInfo[], runs: readonly RunResult[]): BudgetVerdict[] {
  const verdicts: BudgetVerdict[] = [];
  for (const scenario of scenarios) {
    if (!scenario.budget) continue;
    const own = runs.filter((run) => run.scenarioId === scenario.id);
    const sizes = [...new Set(own.map((run) => run.tableRows))].sort((a, b) => a - b);
    for (const tableRows of sizes) {
      for (const metric of BUDGET_METRICS) {
        const limit = LIMIT_OF[metric](scenario.budget);
        if (limit === null) continue;
        const figures = own
          .filter((run) => run.tableRows === tableRows && run.status === 'ok')
          .map(FIGURE_OF[metric])
          .filter((value): value is number => value !== null);
        const middle = figures.length > 0 ? median(figures) : null;
        verdicts.push({
          scenarioId: scenario.id,
          tableRows,
          metric,
          limit,
          median: middle,
          runs: figures.length,
          verdict: middle === null ? 'no-data' : middle > limit ? 'exceeded' : 'within',
        });
      }
    }
  }
  return verdicts;
}

/** The exceeded budgets, one line each: `accounts-hoard at 500000 rows: peakRss 412.3 MiB over its budget of 160 MiB`. */
export function exceededBudgetLines(verdicts: readonly BudgetVerdict[], format: (metric: BudgetMetric, value: number) => string): string[] {
  return verdicts
    .filter((verdict) => verdict.verdict === 'exceeded')
    .map((verdict) => `${verdict.scenarioId} at ${verdict.tableRows} rows: ${verdict.metric} ${format(verdict.metric, verdict.median!)} over its budget of ${format(verdict.metric, verdict.limit)} (median of ${verdict.runs} ok run${verdict.runs === 1 ? '' : 's'})`);
}
