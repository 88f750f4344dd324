/**
 * The answer a reader came for, before any chart: at their size (`--project-rows`, or the
 * largest measured) and their limit (`--memory-limit`), what each scenario needs in memory and
 * time, whether it fits, the best strategy per library, and one plain sentence per library in
 * the spirit of hyperfine's "X ran 2.3× faster than Y". Pure: results in, answer out; the
 * exporters (html, markdown, terminal) only render it.
 */
import { formatBytes, formatCount, formatMs } from '../format.js';
import {
  conditionsLabel,
  conditionsSuffix,
  shortScenarioId,
  type BenchmarkResults,
  type GrowthClass,
  type GrowthEntry,
  type GrowthMetric,
  type LibraryName,
  type LimitVerdict,
  type RunResult,
  type ScenarioInfo,
  type Workload,
} from '../results.js';
import { spreadOf } from '../stats.js';
import { listedScenarios } from './summary.js';

/** A figure at the answer's size: measured (median and min–max) or projected (value and band). */
export interface AnswerFigure {
  value: number;
  low: number;
  high: number;
}

export interface AnswerRow {
  scenario: ScenarioInfo;
  /** Peak RSS at the answer's size, in bytes. */
  peak: AnswerFigure | null;
  /** Wall time at the answer's size, in ms. */
  wall: AnswerFigure | null;
  /** How peak RSS grows with the rows (null with one size). */
  memoryClass: GrowthClass | null;
  /** How wall time grows with the rows (null with one size). */
  timeClass: GrowthClass | null;
  /** Against the memory limit: fits, exceeds or unknown; null without a limit. */
  verdict: LimitVerdict | null;
  /** For `exceeds`: about how many rows reach the limit; null when unknown. */
  limitReachedAtRows: number | null;
  /** The figures are projected far beyond the sizes measured (docs/growth.md). */
  farBeyond: boolean;
  /** Why there are no figures, or what limits them (e.g. "killed at the memory limit after 1,234,567 rows"). */
  note: string | null;
}

export interface WorkloadAnswer {
  workload: string;
  /** The conditions every scenario of this part ran under, in words (`over a 1 ms round trip`); null for the database as it is. Parts never mix conditions. */
  conditions: string | null;
  /** Every scenario with figures, smallest peak first. */
  rows: AnswerRow[];
  /** Per library: the fastest scenario that fits the limit (or the fastest, without one); null when none does. */
  best: Array<{ library: string; row: AnswerRow | null }>;
  /** One sentence per library. */
  sentences: string[];
}

export interface Answer {
  /** The size answered for. */
  rows: number;
  /** True when figures are projected (`--project-rows`), false when measured at the largest size. */
  projected: boolean;
  limitBytes: number | null;
  workloads: WorkloadAnswer[];
}

function growthOf(results: BenchmarkResults, scenario: ScenarioInfo, metric: GrowthMetric): GrowthEntry | null {
  return results.growth.find((entry) => entry.scenarioId === scenario.id && entry.metric === metric) ?? null;
}

function measuredAt(runs: readonly RunResult[], tableRows: number, metric: 'peakRssBytes' | 'wallMs'): AnswerFigure | null {
  const spread = spreadOf(runs.filter((run) => run.status === 'ok' && run.tableRows === tableRows).map((run) => run[metric]));
  return spread === null ? null : { value: spread.median, low: spread.min, high: spread.max };
}

/** What a failed run at the answer's size says, e.g. "killed at the memory limit after 1,234,567 rows". */
function failureNote(runs: readonly RunResult[], tableRows: number): string | null {
  const failed = runs.find((run) => run.tableRows === tableRows && run.status !== 'ok');
  if (!failed) return null;
  const reached = failed.failure?.reachedRows;
  const after = reached !== undefined ? ` after ${formatCount(reached)} rows` : '';
  switch (failed.status) {
    case 'memory-exceeded':
      return `killed at the memory limit${after}`;
    case 'heap-exceeded':
      return `ran out of JavaScript heap${after}`;
    case 'timed-out':
      return `timed out${after}`;
    default:
      return `${failed.status}${after}`;
  }
}

function rowFor(results: BenchmarkResults, scenario: ScenarioInfo, runs: readonly RunResult[], target: number, projected: boolean): AnswerRow {
  const memory = growthOf(results, scenario, 'peakRssBytes');
  const time = growthOf(results, scenario, 'wallMs');
  const limit = results.context.options.memoryLimitBytes;
  const fromProjection = (entry: GrowthEntry | null): AnswerFigure | null =>
    entry?.projection ? { value: entry.projection.value, low: entry.projection.low, high: entry.projection.high } : null;
  const peak = projected ? fromProjection(memory) : measuredAt(runs, target, 'peakRssBytes');
  const wall = projected ? fromProjection(time) : measuredAt(runs, target, 'wallMs');
  let verdict: LimitVerdict | null = memory?.verdict ?? null;
  const note = projected ? null : failureNote(runs, target);
  if (!projected && limit !== null) {
    // Measured at this size: the runs themselves say whether it fit.
    if (runs.some((run) => run.tableRows === target && run.status === 'memory-exceeded')) verdict = 'exceeds';
    else if (peak !== null) verdict = peak.high < limit ? 'fits' : peak.low > limit ? 'exceeds' : 'unknown';
  }
  const killed = runs.find((run) => run.status === 'memory-exceeded' && run.failure?.reachedRows !== undefined);
  return {
    scenario,
    peak,
    wall,
    memoryClass: memory?.class ?? null,
    timeClass: time?.class ?? null,
    verdict: limit === null ? null : verdict,
    limitReachedAtRows: verdict === 'exceeds' ? (memory?.limitReachedAtRows ?? killed?.failure?.reachedRows ?? null) : null,
    farBeyond: projected && Boolean(memory?.projection?.farBeyond || time?.projection?.farBeyond),
    note,
  };
}

/** "41×", "1.3×": how many times one figure is another. */
export function times(larger: number, smaller: number): string {
  const ratio = larger / smaller;
  return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`;
}

/** One plain sentence for a library: its best choice, and how it compares with its most memory-hungry scenario. */
function sentenceFor(library: string, rows: readonly AnswerRow[], best: AnswerRow | null, answer: Pick<Answer, 'rows' | 'projected' | 'limitBytes'>): string {
  const at = `at ${formatCount(answer.rows)} rows${answer.projected ? ', projected' : ''}`;
  const withPeak = rows.filter((row) => row.peak !== null);
  if (best === null) {
    const smallest = withPeak[0];
    if (answer.limitBytes === null || smallest === undefined) return `${library}: no scenario has figures ${at}.`;
    return `${library}: no strategy fits in ${formatBytes(answer.limitBytes)} ${at}; the smallest is ${shortScenarioId(smallest.scenario.id)} (${formatBytes(smallest.peak!.value)}).`;
  }
  const name = shortScenarioId(best.scenario.id);
  const hungriest = withPeak.reduce<AnswerRow | null>((most, row) => (most === null || row.peak!.value > most.peak!.value ? row : most), null);
  const figures = [best.peak ? formatBytes(best.peak.value) : null, best.wall ? formatMs(best.wall.value) : null].filter(Boolean).join(', ');
  const fits = answer.limitBytes === null ? `is the fastest ${at} (${figures})` : `is the fastest that fits in ${formatBytes(answer.limitBytes)} ${at} (${figures})`;
  if (hungriest === null || hungriest === best || best.peak === null || hungriest.peak!.value <= best.peak.value * 1.05) return `${name} ${fits}.`;
  const exceeds =
    hungriest.verdict === 'exceeds'
      ? `, which exceeds the limit${hungriest.limitReachedAtRows !== null ? ` at about ${formatCount(hungriest.limitReachedAtRows)} rows` : ''}`
      : '';
  return `${name} ${fits}: it needs ${times(hungriest.peak!.value, best.peak.value)} less memory than ${shortScenarioId(hungriest.scenario.id)} (${formatBytes(hungriest.peak!.value)}${exceeds}).`;
}

/** The answer of a benchmark (see the module comment). */
export function buildAnswer(results: BenchmarkResults): Answer {
  const { options } = results.context;
  const projected = options.projectRows !== null && results.growth.some((entry) => entry.projection !== null);
  const measuredSizes = results.runs.map((run) => run.tableRows);
  const target = projected ? options.projectRows! : measuredSizes.length > 0 ? Math.max(...measuredSizes) : options.rows[options.rows.length - 1] ?? 0;
  const limitBytes = options.memoryLimitBytes;
  const frame = { rows: target, projected, limitBytes };
  const scenarios = listedScenarios(results).filter((scenario) => scenario.support !== 'unsupported');
  const workloads: WorkloadAnswer[] = [];
  for (const workload of ['backfill', 'export', 'import'] as const) {
    // One part per set of conditions: a cell at 5 ms is never the "fastest" against one at 0 ms.
    const groups = new Map<string, ScenarioInfo[]>();
    for (const scenario of scenarios.filter((candidate) => candidate.workload === workload)) {
      const key = conditionsSuffix(scenario.conditions);
      groups.set(key, [...(groups.get(key) ?? []), scenario]);
    }
    for (const inWorkload of groups.values()) {
      const part = answerPart(results, workload, inWorkload, frame);
      if (part) workloads.push(part);
    }
  }
  return { ...frame, workloads };
}

/** The answer for one workload under one set of conditions; null when none of its scenarios has figures. */
function answerPart(results: BenchmarkResults, workload: string, inWorkload: readonly ScenarioInfo[], frame: Pick<Answer, 'rows' | 'projected' | 'limitBytes'>): WorkloadAnswer | null {
  const { rows: target, projected, limitBytes } = frame;
  const rows = inWorkload
    .map((scenario) => rowFor(results, scenario, results.runs.filter((run) => run.scenarioId === scenario.id), target, projected))
    .filter((row) => row.peak !== null || row.note !== null)
    .sort((a, b) => (a.peak?.value ?? Infinity) - (b.peak?.value ?? Infinity));
  if (rows.length === 0) return null;
  const libraries = [...new Set(rows.map((row) => row.scenario.library))];
  const best = libraries.map((library) => {
    const candidates = rows.filter((row) => row.scenario.library === library && row.wall !== null && (limitBytes === null || row.verdict === 'fits'));
    const fastest = candidates.reduce<AnswerRow | null>((winner, row) => (winner === null || row.wall!.value < winner.wall!.value ? row : winner), null);
    return { library, row: fastest };
  });
  const sentences = [...best.map(({ library, row }) => sentenceFor(library, rows.filter((candidate) => candidate.scenario.library === library), row, frame)), ...batchSizeSentences(rows, frame)];
  return { workload, conditions: conditionsLabel(inWorkload[0]?.conditions), rows, best, sentences };
}

/** A part's heading: `backfill`, or `backfill over a 1 ms round trip`. */
export function answerHeading(part: Pick<WorkloadAnswer, 'workload' | 'conditions'>): string {
  return part.conditions === null ? part.workload : `${part.workload} ${part.conditions}`;
}

/**
 * With a swept `--batch-size`: per library and strategy run at several sizes, the size that is
 * fastest within the limit (or the fastest, without one), among the sizes tried.
 */
export function batchSizeSentences(rows: readonly AnswerRow[], answer: Pick<Answer, 'rows' | 'projected' | 'limitBytes'>): string[] {
  const groups = new Map<string, AnswerRow[]>();
  for (const row of rows) {
    const size = row.scenario.params.batchSize;
    if (typeof size !== 'number') continue;
    const key = `${row.scenario.library}/${row.scenario.strategy}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const sentences: string[] = [];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    const sizes = group.map((row) => row.scenario.params.batchSize as number).sort((a, b) => a - b);
    const fitting = group.filter((row) => row.wall !== null && (answer.limitBytes === null || row.verdict === 'fits'));
    const tried = `of ${sizes.map(formatCount).join(', ')}`;
    const fastest = fitting.reduce<AnswerRow | null>((winner, row) => (winner === null || row.wall!.value < winner.wall!.value ? row : winner), null);
    if (fastest === null) {
      sentences.push(`${key}: no batch size ${tried} ${answer.limitBytes === null ? 'has figures' : `fits in ${formatBytes(answer.limitBytes)}`}.`);
      continue;
    }
    const figures = [formatMs(fastest.wall!.value), fastest.peak ? formatBytes(fastest.peak.value) : null].filter(Boolean).join(', ');
    const fits = answer.limitBytes === null ? 'is the fastest' : `is the fastest that fits in ${formatBytes(answer.limitBytes)}`;
    sentences.push(`${key}: batch size ${formatCount(fastest.scenario.params.batchSize as number)} ${fits} ${tried} (${figures}).`);
  }
  return sentences;
}

/** The sentence above the answer: the size, whether projected or measured, and the limit. */
export function answerLede(answer: Answer, measuredSizes: readonly number[]): string {
  const limit = answer.limitBytes === null ? 'no memory limit (set one with --memory-limit)' : `a memory limit of ${formatBytes(answer.limitBytes)}`;
  const sizes = [...new Set(measuredSizes)].sort((a, b) => a - b);
  const basis = answer.projected
    ? `projected from ${sizes.map(formatCount).join(', ')} rows`
    : `measured${sizes.length > 1 ? `, the largest of ${sizes.map(formatCount).join(', ')}` : ''}; sweep sizes with --rows 10k,50k,200k and add --project-rows to project to yours`;
  return `At ${formatCount(answer.rows)} rows (${basis}) and ${limit}:`;
}

/** A figure for text: `95.0 MiB` measured, `95.0 MiB (90.1–99.8)` projected with its band. */
export function figureText(figure: AnswerFigure | null, format: (value: number) => string, withBand: boolean): string {
  if (figure === null) return '–';
  return withBand && figure.low !== figure.high ? `${format(figure.value)} (${format(figure.low)}–${format(figure.high)})` : format(figure.value);
}

/** The verdict for text: `exceeds (at ~1,234,567 rows)`. */
export function verdictText(row: AnswerRow): string {
  if (row.verdict === null) return '–';
  return row.verdict === 'exceeds' && row.limitReachedAtRows !== null ? `exceeds (at ~${formatCount(row.limitReachedAtRows)} rows)` : row.verdict;
}
