import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FAR_BEYOND_FACTOR,
  fitGrowth,
  judgeLimit,
  noiseFloor,
  projectGrowth,
  rowsAtLimit,
  type SizeMeasurements,
} from '../../../harness/growth.js';

const MiB = 1024 * 1024;

/** Equal up to floating-point rounding (relative 1e-9). */
function close(actual: number | null | undefined, expected: number, message?: string): void {
  assert.ok(actual !== null && actual !== undefined, message);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${message ?? ''} expected ${expected}, got ${actual}`);
}

/** The same value three times at every size: repeats that agree exactly. */
function exact(sizes: readonly number[], value: (rows: number) => number): SizeMeasurements[] {
  return sizes.map((rows) => ({ rows, values: [value(rows), value(rows), value(rows)] }));
}

const SWEEP = [10_000, 50_000, 200_000];

describe('fitGrowth', () => {
  it('recovers the fixed cost and the cost per row of exact linear memory, with R² = 1', () => {
    const fit = fitGrowth('peakRssBytes', exact(SWEEP, (rows) => 50 * MiB + 1500 * rows))!;
    assert.equal(fit.class, 'linear');
    close(fit.fixed, 50 * MiB, 'fixed');
    close(fit.perRow, 1500, 'per row');
    close(fit.r2, 1, 'R²');
    assert.deepEqual(fit.sizes, SWEEP);
    assert.deepEqual(fit.medians, SWEEP.map((rows) => 50 * MiB + 1500 * rows));
    assert.equal(fit.reason, 'growing from 10k to 200k rows');
  });

  it('recovers the exponent of an exact power law', () => {
    const quadratic = fitGrowth('wallMs', exact(SWEEP, (rows) => 3e-7 * rows ** 2))!;
    close(quadratic.exponent, 2, 'exponent');
    assert.equal(quadratic.class, 'superlinear');
    const linear = fitGrowth('workMs', exact(SWEEP, (rows) => 0.02 * rows))!;
    close(linear.exponent, 1, 'exponent');
    assert.equal(linear.class, 'linear');
    close(linear.perRow, 0.02);
    close(linear.fixed, 0);
  });

  it('keeps noisy flat memory constant: the streaming strategies measured here (95.8 → 105.0 MiB over ×4 rows, repeats ±5 MiB)', () => {
    const fit = fitGrowth('peakRssBytes', [
      { rows: 50_000, values: [95.8 * MiB, 91.2 * MiB, 100.9 * MiB] },
      { rows: 200_000, values: [105.0 * MiB, 99.5 * MiB, 108.1 * MiB] },
    ])!;
    assert.equal(fit.class, 'constant', fit.reason);
    assert.equal(fit.reason, 'flat within the noise from 50k to 200k rows');
    const jitter = fitGrowth('peakRssBytes', exact(SWEEP, () => 0).map((size, index) => ({ rows: size.rows, values: [80, 81.5, 79.2].map((mib) => (mib + index * 0.4) * MiB) })))!;
    assert.equal(jitter.class, 'constant', jitter.reason);
  });

  it('calls the full load linear and set-based constant, from the figures measured here', () => {
    const fullLoad = fitGrowth('peakRssBytes', [
      { rows: 50_000, values: [166.7 * MiB, 163.9 * MiB, 168.2 * MiB] },
      { rows: 200_000, values: [388.4 * MiB, 384.0 * MiB, 391.5 * MiB] },
    ])!;
    assert.equal(fullLoad.class, 'linear');
    close(fullLoad.perRow, ((388.4 - 166.7) * MiB) / 150_000, 'per row (two sizes: the line through the medians)');
    const setBased = fitGrowth('peakRssBytes', [
      { rows: 50_000, values: [55.9 * MiB, 55.7 * MiB, 56.0 * MiB] },
      { rows: 200_000, values: [56.3 * MiB, 56.1 * MiB, 56.6 * MiB] },
    ])!;
    assert.equal(setBased.class, 'constant');
  });

  it('calls LIMIT/OFFSET time superlinear (2.0 s → 40.1 s over ×4 rows) and a bulk iterator linear (0.88 s → 3.47 s)', () => {
    const paginator = fitGrowth('wallMs', [
      { rows: 50_000, values: [2000, 1920, 2110] },
      { rows: 200_000, values: [40_120, 39_500, 41_000] },
    ])!;
    assert.equal(paginator.class, 'superlinear');
    assert.ok(paginator.exponent! > 2 && paginator.exponent! < 2.3);
    const iterator = fitGrowth('wallMs', [
      { rows: 50_000, values: [880, 850, 930] },
      { rows: 200_000, values: [3470, 3390, 3600] },
    ])!;
    assert.equal(iterator.class, 'linear');
  });

  it('lets the largest sizes decide for time when the growth only steepens (a quadratic term starts small)', () => {
    // 300 ms of start-up, 0.01 ms per row and a quadratic rescan term: 430 ms, 1.55 s, 14.3 s.
    const fit = fitGrowth('wallMs', exact(SWEEP, (rows) => 300 + 0.01 * rows + 3e-7 * rows ** 2))!;
    assert.deepEqual(fit.segments.map((segment) => segment.shape), ['linear', 'superlinear']);
    assert.equal(fit.class, 'superlinear');
    assert.equal(fit.reason, 'growing from 10k to 50k rows, then growing faster than linear from 50k to 200k rows: the largest sizes decide');
  });

  it('says uncertain when two sizes disagree with a third', () => {
    const memory = fitGrowth('peakRssBytes', [
      { rows: 10_000, values: [100 * MiB, 100 * MiB, 100 * MiB] },
      { rows: 50_000, values: [100.5 * MiB, 100 * MiB, 100.2 * MiB] },
      { rows: 200_000, values: [180 * MiB, 181 * MiB, 179 * MiB] },
    ])!;
    assert.equal(memory.class, 'uncertain');
    assert.equal(memory.reason, 'the sizes disagree: flat within the noise from 10k to 50k rows; growing from 50k to 200k rows');
    const time = fitGrowth('wallMs', exact(SWEEP, (rows) => (rows <= 50_000 ? 0.05 * rows : 2500)))!;
    assert.equal(time.class, 'uncertain', 'time that grows and then stops is not explained by any class');
  });

  it('has no fit with fewer than two sizes, or with a size twice', () => {
    assert.equal(fitGrowth('peakRssBytes', exact([1000], () => MiB)), null);
    assert.equal(fitGrowth('peakRssBytes', [{ rows: 1000, values: [MiB] }, { rows: 1000, values: [2 * MiB] }]), null);
    assert.equal(fitGrowth('peakRssBytes', [{ rows: 1000, values: [MiB] }, { rows: 2000, values: [] }]), null);
  });

  it('handles zeros and identical values without NaN', () => {
    const zeros = fitGrowth('workMs', exact(SWEEP, () => 0))!;
    assert.equal(zeros.class, 'constant');
    assert.equal(zeros.exponent, null);
    assert.equal(zeros.r2, null);
    assert.equal(zeros.perRow, 0);
    const flat = fitGrowth('peakRssBytes', exact(SWEEP, () => 60 * MiB))!;
    assert.equal(flat.r2, null, 'a flat line has no R² to speak of');
    close(flat.exponent, 0);
  });
});

describe('noiseFloor', () => {
  it('is 2 % or 1 MiB for memory, 5 % or 10 ms for time', () => {
    assert.equal(noiseFloor('memory', 10 * MiB), MiB);
    assert.equal(noiseFloor('memory', 100 * MiB), 2 * MiB);
    assert.equal(noiseFloor('time', 100), 10);
    assert.equal(noiseFloor('time', 1000), 50);
  });
});

describe('projectGrowth', () => {
  const linearSizes = exact(SWEEP, (rows) => 50 * MiB + 1500 * rows);
  const linearFit = fitGrowth('peakRssBytes', linearSizes)!;

  it('projects exact linear data exactly, inside a band', () => {
    const projection = projectGrowth(linearFit, linearSizes, 10_000_000);
    close(projection.value, 50 * MiB + 1500 * 10_000_000, 'value');
    assert.ok(projection.low < projection.value && projection.value < projection.high);
    assert.equal(projection.rows, 10_000_000);
    assert.equal(projection.extrapolation, 50);
    assert.equal(projection.farBeyond, true, `more than ${FAR_BEYOND_FACTOR}× the largest size`);
    assert.equal(projectGrowth(linearFit, linearSizes, 1_000_000).farBeyond, false);
  });

  it('widens the band the further it projects', () => {
    const near = projectGrowth(linearFit, linearSizes, 400_000);
    const far = projectGrowth(linearFit, linearSizes, 10_000_000);
    assert.ok(far.high - far.low > near.high - near.low);
  });

  it('keeps a constant at its level, the band spanning every repeat and the noise floor', () => {
    const sizes = [
      { rows: 50_000, values: [95 * MiB, 97 * MiB, 99 * MiB] },
      { rows: 200_000, values: [96 * MiB, 98 * MiB, 100 * MiB] },
    ];
    const projection = projectGrowth(fitGrowth('peakRssBytes', sizes)!, sizes, 10_000_000);
    assert.equal(projection.value, 98 * MiB);
    assert.equal(projection.low, 95 * MiB - noiseFloor('memory', 97 * MiB));
    assert.equal(projection.high, 100 * MiB + noiseFloor('memory', 98 * MiB));
  });

  it('follows the power law for superlinear time, and never goes below zero', () => {
    const sizes = exact(SWEEP, (rows) => 3e-7 * rows ** 2);
    const projection = projectGrowth(fitGrowth('wallMs', sizes)!, sizes, 1_000_000);
    close(projection.value, 3e-7 * 1_000_000 ** 2, 'value');
    const down = exact(SWEEP, (rows) => Math.max(1, 1000 - rows / 250));
    const falling = projectGrowth(fitGrowth('wallMs', down)!, down, 10_000_000);
    assert.ok(falling.low >= 0 && falling.value >= 0);
  });
});

describe('the marginal model of memory', () => {
  it('projects memory that levels off by its last cost per row, not by a line through every size', () => {
    // A streaming strategy as measured here at small sizes: the heap grows, then levels off.
    const sizes = [
      { rows: 5_000, values: [69.1, 69.4, 69.7].map((mib) => mib * MiB) },
      { rows: 20_000, values: [93.0, 93.0, 93.1].map((mib) => mib * MiB) },
      { rows: 50_000, values: [97.5, 98.0, 98.6].map((mib) => mib * MiB) },
    ];
    const fit = fitGrowth('peakRssBytes', sizes)!;
    const projection = projectGrowth(fit, sizes, 1_000_000);
    const lastCostPerRow = ((98.0 - 93.0) * MiB) / 30_000;
    close(projection.value, 98.0 * MiB + lastCostPerRow * 950_000, 'the last segment, continued');
    const line = fit.fixed + fit.perRow * 1_000_000;
    assert.ok(projection.value < line, 'below the line through every size');
  });

  it('passes through every measured median', () => {
    const sizes = [
      { rows: 10, values: [10 * MiB] },
      { rows: 20, values: [30 * MiB] },
      { rows: 40, values: [40 * MiB] },
    ];
    const fit = fitGrowth('peakRssBytes', sizes)!;
    for (const size of sizes) close(projectGrowth(fit, sizes, size.rows).value, size.values[0]!, `at ${size.rows}`);
    close(projectGrowth(fit, sizes, 30).value, 35 * MiB, 'between two sizes, on the segment');
  });
});

describe('judgeLimit and rowsAtLimit', () => {
  it('fits under the band, exceeds over it, unknown across it', () => {
    assert.equal(judgeLimit({ low: 100, high: 200 }, 250), 'fits');
    assert.equal(judgeLimit({ low: 100, high: 200 }, 50), 'exceeds');
    assert.equal(judgeLimit({ low: 100, high: 200 }, 150), 'unknown');
    assert.equal(judgeLimit({ low: 100, high: 200 }, 200), 'unknown', 'touching the limit is not fitting under it');
  });

  it('finds the row at which exact linear memory reaches the limit', () => {
    const sizes = exact(SWEEP, (rows) => 50 * MiB + 1500 * rows);
    const fit = fitGrowth('peakRssBytes', sizes)!;
    const expected = (2048 * MiB - 50 * MiB) / 1500;
    assert.ok(Math.abs(rowsAtLimit(fit, sizes, 2048 * MiB)! - expected) <= 2, 'within two rows of the exact crossing');
    assert.ok(Math.abs(rowsAtLimit(fit, sizes, 150 * MiB)! - (100 * MiB) / 1500) <= 2, 'inside the sizes measured, on the line between them');
    assert.equal(rowsAtLimit(fit, sizes, 60 * MiB), 0, 'the smallest table is already over it');
    const projection = projectGrowth(fit, sizes, 10_000_000);
    assert.equal(judgeLimit(projection, 2048 * MiB), 'exceeds');
    assert.equal(judgeLimit(projection, 64 * 1024 * MiB), 'fits');
  });

  it('finds it on the power law for superlinear metrics; never for a constant under the limit; at once over it', () => {
    const quadraticSizes = exact(SWEEP, (rows) => 3e-7 * rows ** 2);
    const rows = rowsAtLimit(fitGrowth('wallMs', quadraticSizes)!, quadraticSizes, 3e-7 * 1e12)!;
    assert.ok(Math.abs(rows - 1_000_000) <= 2, `${rows}`);
    const flat = exact(SWEEP, () => 60 * MiB);
    const constant = fitGrowth('peakRssBytes', flat)!;
    assert.equal(rowsAtLimit(constant, flat, 512 * MiB), null);
    assert.equal(rowsAtLimit(constant, flat, 32 * MiB), 0);
  });
});
