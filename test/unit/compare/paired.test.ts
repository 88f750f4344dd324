import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanInterval, pairedDifference, pairsOf, tQuantile975 } from '../../../harness/compare/paired.js';
import { makeRun } from '../../support/fixtures.js';
import { versionRows, versionSpec } from '../../../harness/report/dimension-specs.js';
import { pairedRegressions, regressionLine } from '../../../harness/compare/variants.js';

const close = (actual: number, expected: number, digits = 6) => assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`);

describe('paired differences between variants', () => {
  it('takes Student t quantiles from the table, conservatively between rows', () => {
    assert.equal(tQuantile975(1), 12.706);
    assert.equal(tQuantile975(4), 2.776);
    assert.equal(tQuantile975(35), 2.042);
    assert.equal(tQuantile975(200), 1.96);
    assert.ok(Number.isNaN(tQuantile975(0)));
  });

  it('gives a mean its 95 % t interval', () => {
    // mean 2, sd 1, n 3: 4.303 / √3 = 2.484338…
    const interval = meanInterval([1, 2, 3])!;
    assert.equal(interval.mean, 2);
    close(interval.low, 2 - 4.303 / Math.sqrt(3));
    close(interval.high, 2 + 4.303 / Math.sqrt(3));
    assert.equal(meanInterval([5]), null);
  });

  it('turns the mean log ratio of the pairs into a relative difference with its interval', () => {
    // B is 10 % and 21 % above A: the geometric mean ratio is √1.331 = 1.153690…
    const difference = pairedDifference('peakRssBytes', [
      [100, 110],
      [100, 121],
    ])!;
    close(difference.estimate, Math.sqrt(1.1 * 1.21) - 1);
    // ln ratios 0.0953102 and 0.1906204: sd 0.0673951, se 0.0476551, × 12.706 = 0.605506
    close(difference.low, Math.exp(0.1429653 - 0.6055061) - 1, 5);
    close(difference.high, Math.exp(0.1429653 + 0.6055061) - 1, 5);
    assert.equal(difference.verdict, 'unresolved');
    assert.equal(difference.pairs, 2);
  });

  it('resolves a steady difference, and calls one within the tolerance the same', () => {
    const steady = pairedDifference('wallMs', [0.1, 0.1, 0.1].map((r) => [100, 100 * Math.exp(r)] as const))!;
    close(steady.low, Math.exp(0.1) - 1);
    assert.equal(steady.verdict, 'higher');
    // ln ratios −0.02, 0, 0.02, 0.01, −0.01: mean 0, sd 0.0158114, se 0.00707107, × 2.776 = 0.0196293
    const noise = [-0.02, 0, 0.02, 0.01, -0.01].map((r) => [100, 100 * Math.exp(r)] as const);
    const same = pairedDifference('wallMs', noise, 0.03)!;
    close(same.low, Math.exp(-0.0196293) - 1, 6);
    close(same.high, Math.exp(0.0196293) - 1, 6);
    assert.equal(same.verdict, 'same');
    assert.equal(pairedDifference('wallMs', noise)!.verdict, 'unresolved');
    const lower = pairedDifference('wallMs', [-0.2, -0.21, -0.19].map((r) => [100, 100 * Math.exp(r)] as const))!;
    assert.equal(lower.verdict, 'lower');
  });

  it('gives retained memory a difference in bytes, negatives allowed', () => {
    const difference = pairedDifference('retainedBytes', [
      [-100, 900],
      [0, 1000],
      [100, 1100],
    ])!;
    assert.deepEqual([difference.kind, difference.estimate, difference.low, difference.high], ['bytes', 1000, 1000, 1000]);
    assert.equal(difference.verdict, 'higher');
  });

  it('pairs the runs of the same round, ok on both sides', () => {
    const a = [1, 2, 3].map((repeat) => makeRun({ repeat, peakRssBytes: 100 * repeat }));
    const b = [
      makeRun({ repeat: 1, peakRssBytes: 110 }),
      makeRun({ repeat: 2, status: 'crashed', peakRssBytes: 50 }),
      makeRun({ repeat: 3, peakRssBytes: 330 }),
      makeRun({ repeat: 4, peakRssBytes: 400 }),
    ];
    assert.deepEqual(pairsOf(a, b, 'peakRssBytes'), [
      [100, 110],
      [300, 330],
    ]);
  });
});

describe('the versions view', () => {
  it('charts the relative differences in percent, one row per cell and size; retained bytes stay in the text', () => {
    const rows = versionRows([
      {
        scenarioId: 'backfill/pg/iterator',
        tableRows: 2000,
        base: 'old',
        head: 'new',
        differences: [
          { metric: 'peakRssBytes', kind: 'relative', estimate: 0.0704, low: -0.0163, high: 0.1642, pairs: 2, verdict: 'unresolved' },
          { metric: 'retainedBytes', kind: 'bytes', estimate: -800, low: -900, high: -700, pairs: 2, verdict: 'lower' },
        ],
      },
    ]);
    assert.deepEqual(rows, [{ cell: 'pg/iterator @ 2,000', comparison: 'new vs old', metric: 'peak RSS', estimate: 7.04, low: -1.63, high: 16.42, pairs: 2, verdict: 'unresolved' }]);
    assert.match(JSON.stringify(versionSpec([])), /head against base, %/);
  });
});

describe('the paired regression rule', () => {
  const comparison = (metric: 'peakRssBytes' | 'wallMs' | 'peakHeapUsedBytes', estimate: number, low: number) => ({
    scenarioId: 'job',
    tableRows: 1000,
    base: 'main',
    head: 'HEAD',
    differences: [{ metric, kind: 'relative' as const, estimate, low, high: estimate + (estimate - low), pairs: 5, verdict: low > 0 ? ('higher' as const) : ('unresolved' as const) }],
  });

  it('flags peak RSS or wall time that is higher beyond zero and at or above its threshold (5 % memory, 10 % time)', () => {
    assert.deepEqual(
      [
        comparison('peakRssBytes', 0.06, 0.01),
        comparison('peakRssBytes', 0.04, 0.03),
        comparison('wallMs', 0.3, -0.02),
        comparison('wallMs', 0.12, 0.02),
        comparison('peakHeapUsedBytes', 0.5, 0.4),
      ].map((entry) => pairedRegressions([entry]).length),
      [1, 0, 0, 1, 0],
    );
    assert.equal(pairedRegressions([comparison('wallMs', 0.12, 0.02)], { memoryPercent: 5, timePercent: 25 }).length, 0);
    assert.equal(
      regressionLine(pairedRegressions([comparison('peakRssBytes', 0.06, 0.01)])[0]!),
      'job at 1,000 rows: HEAD uses 6.0 % more peak memory (RSS) than main (95 % CI 1.0 % to 11.0 %, 5 pairs), at or above the 5 % threshold',
    );
  });
});
