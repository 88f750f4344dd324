import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangesOverlap, relativeChange, rowsPerSecond, spreadOf } from '../../../harness/stats.js';

test('spreadOf: median, min, max and count of the finite values only', () => {
  assert.deepEqual(spreadOf([3, 1, 2]), { median: 2, min: 1, max: 3, count: 3 });
  assert.deepEqual(spreadOf([4, null, 1, undefined, Number.NaN, 2, 3]), { median: 2.5, min: 1, max: 4, count: 4 });
  assert.equal(spreadOf([]), null);
  assert.equal(spreadOf([null]), null);
});

test('relativeChange: (head - base) / base, null without a base', () => {
  assert.equal(relativeChange(100, 112), 0.12);
  assert.equal(relativeChange(200, 100), -0.5);
  assert.equal(relativeChange(0, 5), null);
  assert.equal(relativeChange(null, 5), null);
});

test('rangesOverlap: touching ranges overlap, disjoint ones do not', () => {
  const spread = (min: number, max: number) => ({ median: (min + max) / 2, min, max, count: 2 });
  assert.equal(rangesOverlap(spread(1, 3), spread(3, 5)), true);
  assert.equal(rangesOverlap(spread(1, 2), spread(2.5, 5)), false);
  assert.equal(rangesOverlap(spread(4, 9), spread(1, 5)), true);
});

test('rowsPerSecond', () => {
  assert.equal(rowsPerSecond(50_000, 2_000), 25_000);
  assert.equal(rowsPerSecond(10, 0), null);
  assert.equal(rowsPerSecond(10, null), null);
});
