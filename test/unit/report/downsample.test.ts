import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downsample } from '../../../harness/report/downsample.js';

interface Point {
  tMs: number;
  value: number;
}

/** A noisy series with one short spike at `spikeAt`, far above everything else. */
function series(length: number, spikeAt: number): Point[] {
  return Array.from({ length }, (_, index) => ({ tMs: index * 10, value: index === spikeAt ? 1e9 : 100 + ((index * 7919) % 13) }));
}

describe('downsample', () => {
  it('keeps a one-sample spike, the minimum, and the first and last points', () => {
    for (const spikeAt of [1, 17, 2500, 4998]) {
      const points = series(5000, spikeAt);
      const kept = downsample(points, 200, (point) => point.value);
      assert.ok(kept.length <= 200, `${kept.length} points`);
      assert.ok(kept.includes(points[spikeAt] as Point), `spike at ${spikeAt} survives`);
      assert.equal(Math.min(...kept.map((point) => point.value)), Math.min(...points.map((point) => point.value)));
      assert.equal(kept[0], points[0]);
      assert.equal(kept.at(-1), points.at(-1));
    }
  });

  it('keeps the original order', () => {
    const kept = downsample(series(3000, 1234), 101, (point) => point.value);
    for (let index = 1; index < kept.length; index++) assert.ok((kept[index] as Point).tMs > (kept[index - 1] as Point).tMs);
  });

  it('returns a copy of series that already fit', () => {
    const points = series(50, 10);
    const kept = downsample(points, 50, (point) => point.value);
    assert.deepEqual(kept, points);
    assert.notEqual(kept, points);
  });

  it('handles empty, single-point and tiny budgets', () => {
    assert.deepEqual(downsample([], 10, (value: number) => value), []);
    assert.deepEqual(downsample([7], 10, (value: number) => value), [7]);
    const kept = downsample([1, 2, 9, 3, 4, 5, 6], 1, (value: number) => value);
    assert.ok(kept.length <= 4);
    assert.ok(kept.includes(9));
    assert.equal(kept[0], 1);
    assert.equal(kept.at(-1), 6);
  });

  it('keeps the first of equal peaks only once', () => {
    const flat = Array.from({ length: 1000 }, (_, index) => ({ tMs: index, value: 5 }));
    const kept = downsample(flat, 100, (point) => point.value);
    assert.ok(kept.length <= 100);
    assert.equal(new Set(kept).size, kept.length, 'no point twice');
  });
});
