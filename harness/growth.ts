/**
 * How a metric grows with the table's rows: fitted from the medians per size, classified by a
 * rule that respects the noise the repeats show, projected to the user's size with a band, and
 * judged against a limit. Pure functions only (docs/growth.md explains the rule to a reader).
 */
import { linearRegression, linearRegressionLine, median, rSquared } from 'simple-statistics';
import { GROWTH_METRICS, type BenchmarkResults, type GrowthClass, type GrowthEntry, type GrowthMetric, type GrowthProjection, type LimitVerdict, type RunResult } from './results.js';

/** The ok repeats' values of one metric at one table size. */
export interface SizeMeasurements {
  rows: number;
  values: readonly number[];
}

/** Memory or time: the two kinds of metric have different noise and different shapes. */
export type MetricKind = 'memory' | 'time';

export function metricKind(metric: GrowthMetric): MetricKind {
  return metric === 'wallMs' || metric === 'workMs' ? 'time' : 'memory';
}

/**
 * The smallest change trusted as real, whatever the repeats show: three repeats' min–max
 * underestimates the spread, and RSS is accounted in pages (read approximately by Linux) while
 * time suffers scheduling jitter. A change within max(relative × median, absolute) is noise.
 */
export const NOISE_FLOOR: Record<MetricKind, { relative: number; absolute: number }> = {
  memory: { relative: 0.02, absolute: 1024 * 1024 },
  time: { relative: 0.05, absolute: 10 },
};

/**
 * A time segment whose exponent is surely above this (even at the ends of the noise bands) grows
 * faster than linear work can: halfway between linear (1) and quadratic (2) leaves room for a
 * linear job's fixed costs and noise, and LIMIT/OFFSET's rescans (≈ 2) stay well above it.
 */
export const SUPERLINEAR_EXPONENT = 1.3;

/** A memory segment is superlinear when its per-row cost is surely this many times the one before. */
export const SUPERLINEAR_SLOPE_RATIO = 1.5;

/** A projection beyond this many times the largest measured size is flagged `farBeyond`. */
export const FAR_BEYOND_FACTOR = 10;

/** What one pair of consecutive sizes says. */
export type SegmentShape = 'flat' | 'linear' | 'superlinear';

export interface Segment {
  fromRows: number;
  toRows: number;
  shape: SegmentShape;
  /** Change of the median, in the metric's unit. */
  change: number;
  /** Per-row cost of the change: lowest and highest the noise bands allow. */
  slopeLow: number;
  slopeHigh: number;
}

export interface GrowthFit {
  metric: GrowthMetric;
  class: GrowthClass;
  reason: string;
  sizes: number[];
  medians: number[];
  fixed: number;
  perRow: number;
  r2: number | null;
  exponent: number | null;
  segments: Segment[];
}

interface Band {
  rows: number;
  median: number;
  low: number;
  high: number;
}

/** The noise floor of one median. */
export function noiseFloor(kind: MetricKind, value: number): number {
  return Math.max(NOISE_FLOOR[kind].relative * Math.abs(value), NOISE_FLOOR[kind].absolute);
}

/** Each size's median and its noise band: the repeats' min–max, widened by the noise floor. */
function bands(kind: MetricKind, sizes: readonly SizeMeasurements[]): Band[] {
  return sizes
    .filter((size) => size.values.length > 0)
    .slice()
    .sort((a, b) => a.rows - b.rows)
    .map((size) => {
      const middle = median([...size.values]);
      const floor = noiseFloor(kind, middle);
      return { rows: size.rows, median: middle, low: Math.min(...size.values) - floor, high: Math.max(...size.values) + floor };
    });
}

/** The exponent k of value ∝ rows^k between two points; null unless both values are positive. */
function exponentBetween(fromRows: number, fromValue: number, toRows: number, toValue: number): number | null {
  if (fromValue <= 0 || toValue <= 0) return null;
  return Math.log(toValue / fromValue) / Math.log(toRows / fromRows);
}

function segmentOf(kind: MetricKind, from: Band, to: Band, previous: Segment | null): Segment {
  const rows = to.rows - from.rows;
  const slopeLow = (to.low - from.high) / rows;
  const slopeHigh = (to.high - from.low) / rows;
  let shape: SegmentShape;
  if (slopeLow <= 0) {
    // Within the noise (or falling): no per-row cost can be told apart here.
    shape = 'flat';
  } else if (kind === 'time') {
    const surelyAbove = exponentBetween(from.rows, from.high, to.rows, to.low);
    shape = surelyAbove !== null && surelyAbove > SUPERLINEAR_EXPONENT ? 'superlinear' : 'linear';
  } else {
    shape = previous !== null && previous.shape !== 'flat' && slopeLow > SUPERLINEAR_SLOPE_RATIO * previous.slopeHigh ? 'superlinear' : 'linear';
  }
  return { fromRows: from.rows, toRows: to.rows, shape, change: to.median - from.median, slopeLow, slopeHigh };
}

const LADDER: Record<SegmentShape, number> = { flat: 0, linear: 1, superlinear: 2 };
const CLASS_OF: Record<SegmentShape, GrowthClass> = { flat: 'constant', linear: 'linear', superlinear: 'superlinear' };

function formatRows(rows: number): string {
  if (rows >= 1_000_000 && rows % 100_000 === 0) return `${rows / 1_000_000}M`;
  if (rows >= 1_000 && rows % 100 === 0) return `${rows / 1_000}k`;
  return String(rows);
}

const SHAPE_WORDS: Record<SegmentShape, string> = { flat: 'flat within the noise', linear: 'growing', superlinear: 'growing faster than linear' };

function describeSegment(segment: Segment): string {
  return `${SHAPE_WORDS[segment.shape]} from ${formatRows(segment.fromRows)} to ${formatRows(segment.toRows)} rows`;
}

/**
 * The class from the segments, by the rule in docs/growth.md:
 * - every segment flat: `constant`; every segment the same: that shape;
 * - time: shapes that only rise along the sizes (flat → linear → superlinear) take the last
 *   one's, since fixed costs and a quadratic term's small start hide growth at small sizes;
 * - anything else (memory flat at some sizes and growing at others; time falling back) is
 *   `uncertain`: two sizes disagree with a third, and a guess would be worse than none.
 */
export function classify(kind: MetricKind, segments: readonly Segment[]): { class: GrowthClass; reason: string } {
  const shapes = segments.map((segment) => segment.shape);
  const last = segments[segments.length - 1];
  if (last === undefined) return { class: 'uncertain', reason: 'fewer than two sizes' };
  if (shapes.every((shape) => shape === last.shape)) {
    const first = segments[0]!;
    return { class: CLASS_OF[last.shape], reason: `${SHAPE_WORDS[last.shape]} from ${formatRows(first.fromRows)} to ${formatRows(last.toRows)} rows` };
  }
  const rising = shapes.every((shape, index) => index === 0 || LADDER[shape] >= LADDER[shapes[index - 1]!]);
  if (kind === 'time' && rising) {
    return { class: CLASS_OF[last.shape], reason: `${segments.map(describeSegment).join(', then ')}: the largest sizes decide` };
  }
  return { class: 'uncertain', reason: `the sizes disagree: ${segments.map(describeSegment).join('; ')}` };
}

/** Fits one metric; null with fewer than two sizes of ok runs. */
export function fitGrowth(metric: GrowthMetric, sizes: readonly SizeMeasurements[]): GrowthFit | null {
  const kind = metricKind(metric);
  const points = bands(kind, sizes);
  if (points.length < 2 || new Set(points.map((point) => point.rows)).size < points.length) return null;
  const segments: Segment[] = [];
  for (let index = 1; index < points.length; index += 1) segments.push(segmentOf(kind, points[index - 1]!, points[index]!, segments[segments.length - 1] ?? null));
  const pairs = points.map((point): [number, number] => [point.rows, point.median]);
  const line = linearRegression(pairs);
  const allEqual = pairs.every(([, value]) => value === pairs[0]![1]);
  const r2 = points.length < 3 || allEqual ? null : rSquared(pairs, linearRegressionLine(line));
  const positive = pairs.every(([, value]) => value > 0);
  const exponent = positive ? linearRegression(pairs.map(([rows, value]) => [Math.log(rows), Math.log(value)])).m : null;
  const { class: growthClass, reason } = classify(kind, segments);
  return {
    metric,
    class: growthClass,
    reason,
    sizes: points.map((point) => point.rows),
    medians: points.map((point) => point.median),
    fixed: line.b,
    perRow: line.m,
    r2,
    exponent,
    segments,
  };
}

/** A value of a line (`fixed + perRow × rows`) or a power law (`coefficient × rows^exponent`). */
type Curve = (rows: number) => number;

function lineThrough(points: ReadonlyArray<[number, number]>): Curve {
  const { m, b } = linearRegression(points.map(([rows, value]) => [rows, value]));
  return (rows) => b + m * rows;
}

function powerThrough(points: ReadonlyArray<[number, number]>): Curve | null {
  if (points.some(([, value]) => value <= 0)) return null;
  const { m, b } = linearRegression(points.map(([rows, value]) => [Math.log(rows), Math.log(value)]));
  return (rows) => Math.exp(b + m * Math.log(rows));
}

/** Root-mean-square distance of the medians from a curve: the fit's own residual. */
function residual(curve: Curve, points: ReadonlyArray<[number, number]>): number {
  return Math.sqrt(points.reduce((sum, [rows, value]) => sum + (value - curve(rows)) ** 2, 0) / points.length);
}

/** The central curve and the two band curves of one model through the bands. */
function model(shape: 'line' | 'power', points: readonly Band[]): { central: Curve; low: Curve; high: Curve; residual: number } | null {
  const through = shape === 'line' ? lineThrough : powerThrough;
  const medians = points.map((point): [number, number] => [point.rows, point.median]);
  const central = through(medians);
  const low = through(points.map((point): [number, number] => [point.rows, Math.max(point.low, Number.EPSILON)]));
  const high = through(points.map((point): [number, number] => [point.rows, point.high]));
  if (!central || !low || !high) return null;
  return { central, low, high, residual: residual(central, medians) };
}

/**
 * The marginal model of memory: through the medians (and the ends of the noise bands) piece by
 * piece inside the sizes measured, and beyond the largest size along the last segment: the cost
 * of one more row where it was last measured. V8 and the allocator grow the heap with the load
 * at small sizes and then level off, so a line through every size overstates a streaming
 * strategy at ten times the largest size; the last segment does not. For truly linear data the
 * two are the same line.
 */
function marginal(points: readonly Band[]): { central: Curve; low: Curve; high: Curve; residual: number } {
  const piecewise = (pick: (band: Band) => number, slopeOf: (from: Band, to: Band) => number): Curve => (rows) => {
    const last = points[points.length - 1]!;
    if (rows >= last.rows) {
      const before = points[points.length - 2]!;
      return pick(last) + Math.max(0, slopeOf(before, last)) * (rows - last.rows);
    }
    const to = points.findIndex((point) => point.rows >= rows);
    if (to <= 0) return pick(points[0]!);
    const from = points[to - 1]!;
    const share = (rows - from.rows) / (points[to]!.rows - from.rows);
    return pick(from) + share * (pick(points[to]!) - pick(from));
  };
  return {
    central: piecewise((band) => band.median, (from, to) => (to.median - from.median) / (to.rows - from.rows)),
    low: piecewise((band) => band.low, (from, to) => (to.low - from.high) / (to.rows - from.rows)),
    high: piecewise((band) => band.high, (from, to) => (to.high - from.low) / (to.rows - from.rows)),
    residual: 0,
  };
}

/**
 * Projects a fitted metric to `rows`, by a model that follows the class:
 * - memory: a `constant` stays at its level (band: every repeat at every size, widened by the
 *   noise floor); `linear` follows the marginal model (the last segment's cost per row, see
 *   {@link marginal}); `superlinear` the power law; `uncertain` the marginal model with a band
 *   that also covers the line and the power law through every size;
 * - time: the least-squares line (so fixed costs such as process start-up do not bend it), also
 *   for a time that looked `constant` over small sizes (a pass over every row is never free);
 *   the power law when `superlinear`; the higher of the two when `uncertain`, band covering both.
 * A model's band is the same model through the low and the high ends of every size's noise band,
 * widened by twice the fit's residual scaled with the distance: it widens as the projection goes
 * further. Nothing goes below zero.
 */
export function projectGrowth(fit: GrowthFit, sizes: readonly SizeMeasurements[], rows: number): GrowthProjection {
  const kind = metricKind(fit.metric);
  const points = bands(kind, sizes);
  const largest = Math.max(...points.map((point) => point.rows));
  const extrapolation = rows / largest;
  const reach = Math.max(1, extrapolation);
  let value: number;
  let low: number;
  let high: number;
  if (kind === 'memory' && fit.class === 'constant') {
    value = points[points.length - 1]!.median;
    low = Math.min(...points.map((point) => point.low));
    high = Math.max(...points.map((point) => point.high));
  } else {
    const line = model('line', points);
    const power = model('power', points);
    let central: NonNullable<ReturnType<typeof model>>[];
    let covering: NonNullable<ReturnType<typeof model>>[];
    if (kind === 'memory') {
      const edge = marginal(points);
      central = fit.class === 'superlinear' && power ? [power] : [edge];
      covering = fit.class === 'uncertain' ? [edge, ...(line ? [line] : []), ...(power ? [power] : [])] : central;
    } else {
      const both = [line, power].filter((found): found is NonNullable<typeof found> => found !== null);
      central = fit.class === 'superlinear' && power ? [power] : fit.class === 'uncertain' ? both : [line!];
      covering = central;
    }
    value = Math.max(...central.map((found) => found.central(rows)));
    low = Math.min(...covering.map((found) => found.low(rows) - 2 * found.residual * reach));
    high = Math.max(...covering.map((found) => found.high(rows) + 2 * found.residual * reach));
  }
  // Neither bytes nor milliseconds go below zero.
  value = Math.max(0, value);
  low = Math.max(0, low);
  low = Math.min(low, value);
  high = Math.max(high, value);
  return { rows, value, low, high, extrapolation, farBeyond: extrapolation > FAR_BEYOND_FACTOR };
}

/** `fits` when the band stays under the limit, `exceeds` when it is over it, `unknown` when it straddles it. */
export function judgeLimit(projection: Pick<GrowthProjection, 'low' | 'high'>, limit: number): LimitVerdict {
  if (projection.high < limit) return 'fits';
  if (projection.low > limit) return 'exceeds';
  return 'unknown';
}

/**
 * About how many rows reach `limit`, by the same central model as {@link projectGrowth}: 0 when
 * even the smallest table is over it, null when it never gets there (a constant below it, or a
 * metric that stops growing). Found by bisection on the model, which only rises for these classes.
 */
export function rowsAtLimit(fit: GrowthFit, sizes: readonly SizeMeasurements[], limit: number): number | null {
  if (fit.medians[0]! >= limit) return 0;
  if (fit.class === 'constant' && metricKind(fit.metric) === 'memory') return null;
  const valueAt = (rows: number): number => projectGrowth(fit, sizes, rows).value;
  let high = Math.max(...fit.sizes);
  // Double until past the limit; a model still under it at 10^13 rows never gets there.
  while (valueAt(high) < limit) {
    if (high > 1e13) return null;
    high *= 2;
  }
  let low = fit.sizes[0]!;
  while (high - low > Math.max(1, low * 1e-6)) {
    const middle = (low + high) / 2;
    if (valueAt(middle) < limit) low = middle;
    else high = middle;
  }
  return Math.round(high);
}

/** The limit a metric is judged against, if any: RSS against `--memory-limit`, heap against `--heap-limit`. */
function limitFor(metric: GrowthMetric, options: BenchmarkResults['context']['options']): number | null {
  if (metric === 'peakRssBytes') return options.memoryLimitBytes;
  if (metric === 'peakHeapUsedBytes') return options.heapLimitBytes ?? null;
  return null;
}

/**
 * The growth entries of a benchmark: for every scenario with ok runs at two sizes or more, one
 * per metric of {@link GROWTH_METRICS}, projected to `--project-rows` and judged against the
 * limits. Without `--project-rows` a verdict is judged at the largest size measured. Pure.
 */
export function growthEntries(results: BenchmarkResults): GrowthEntry[] {
  const { options } = results.context;
  const byScenario = new Map<string, RunResult[]>();
  for (const run of results.runs) {
    if (run.status !== 'ok') continue;
    const list = byScenario.get(run.scenarioId) ?? [];
    list.push(run);
    byScenario.set(run.scenarioId, list);
  }
  const entries: GrowthEntry[] = [];
  for (const [, runs] of byScenario) {
    const first = runs[0]!;
    const sizes = [...new Set(runs.map((run) => run.tableRows))].sort((a, b) => a - b);
    if (sizes.length < 2) continue;
    for (const metric of GROWTH_METRICS) {
      const measurements: SizeMeasurements[] = sizes.map((rows) => ({
        rows,
        values: runs.filter((run) => run.tableRows === rows).map((run) => run[metric]).filter((value): value is number => typeof value === 'number'),
      }));
      const fit = fitGrowth(metric, measurements);
      if (fit === null) continue;
      const projection = options.projectRows ? projectGrowth(fit, measurements, options.projectRows) : null;
      const limit = limitFor(metric, options);
      const judged = projection ?? (limit === null ? null : projectGrowth(fit, measurements, Math.max(...fit.sizes)));
      const verdict = limit === null || judged === null ? null : judgeLimit(judged, limit);
      entries.push({
        scenarioId: first.scenarioId,
        workload: first.workload,
        metric,
        class: fit.class,
        reason: fit.reason,
        sizes: fit.sizes,
        medians: fit.medians,
        fixed: fit.fixed,
        perRow: fit.perRow,
        r2: fit.r2,
        exponent: fit.exponent,
        projection,
        verdict,
        limitBytes: limit,
        limitReachedAtRows: limit === null || verdict === 'fits' ? null : rowsAtLimit(fit, measurements, limit),
      });
    }
  }
  return entries;
}
