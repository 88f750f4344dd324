import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_NOISE_BYTES, memoryBoundOf, nearestRank } from '../../../harness/bounded.js';

const MiB = 1024 * 1024;
/** Samples at rows 0, step, 2·step … with memory `bytes(rows)` (all of it heap). */
function curve(count: number, step: number, bytes: (rows: number, index: number) => number) {
  return Array.from({ length: count }, (_, index) => ({ rows: index * step, heapUsedBytes: bytes(index * step, index), externalBytes: 0 }));
}

describe('whether memory stayed bounded while rows flowed', () => {
  it('calls a flat curve with a GC sawtooth bounded, on its lower envelope', () => {
    // 30 MiB, plus 0, 2, 4 or 6 MiB in a repeating sawtooth: rows 0…2900.
    const verdict = memoryBoundOf(curve(30, 100, (_, index) => 30 * MiB + (index % 4) * 2 * MiB));
    assert.equal(verdict.verdict, 'bounded');
    assert.equal(verdict.growthBytes, 0);
    assert.equal(verdict.noiseFloorBytes, MIN_NOISE_BYTES);
    // A sawtooth wider than the floor sets the floor.
    assert.equal(memoryBoundOf(curve(30, 100, (_, index) => 30 * MiB + (index % 4) * 8 * MiB)).noiseFloorBytes, 24 * MiB);
    assert.equal(verdict.samples, 24); // rows 600…2900: the first 20 % are warm-up
  });

  it('calls a curve climbing with the rows grows, with its growth per row', () => {
    // 1 KiB per row from 20 MiB: rows 0…99,000 in steps of 1,000.
    const verdict = memoryBoundOf(curve(100, 1000, (rows) => 20 * MiB + rows * 1024));
    assert.equal(verdict.verdict, 'grows');
    // Warm from 20,000: first quarter 20,000…39,000 (10th percentile by nearest rank: the 2nd of
    // 20, 21,000 rows; median 29,500), last 80,000…99,000 (81,000; median 89,500).
    assert.equal(verdict.growthBytes, 60_000 * 1024);
    assert.equal(verdict.bytesPerRow, 1024);
    assert.equal(verdict.noiseFloorBytes, 19_000 * 1024);
  });

  it('does not call growth below the 16 MiB floor growth', () => {
    const verdict = memoryBoundOf(curve(40, 100, (rows) => 10 * MiB + rows * 512));
    assert.ok(verdict.growthBytes! > 0 && verdict.growthBytes! < MIN_NOISE_BYTES);
    assert.equal(verdict.verdict, 'bounded');
    assert.equal(verdict.noiseFloorBytes, MIN_NOISE_BYTES);
  });

  it('counts memory outside the heap (a backlog of Buffers)', () => {
    const samples = curve(40, 1000, () => 10 * MiB).map((sample) => ({ ...sample, externalBytes: sample.rows * 2048 }));
    assert.equal(memoryBoundOf(samples).verdict, 'grows');
  });

  it('judges only while rows flowed, not the backlog draining after the last row', () => {
    const climbing = curve(40, 1000, (rows) => 10 * MiB + rows * 1024);
    const draining = Array.from({ length: 200 }, (_, index) => ({ rows: 39_000, heapUsedBytes: 10 * MiB + (39_000 - index * 195) * 1024, externalBytes: 0 }));
    const verdict = memoryBoundOf([...climbing, ...draining]);
    assert.equal(verdict.verdict, 'grows');
    assert.equal(verdict.bytesPerRow, 1024);
  });

  it('takes the lower envelope by nearest rank', () => {
    assert.equal(nearestRank([6, 0, 4, 2, 4, 6], 0.1), 0);
    assert.equal(nearestRank(Array.from({ length: 20 }, (_, index) => index), 0.1), 1);
    assert.equal(nearestRank([5], 0.1), 5);
  });

  it('gives no verdict on too few samples, or rows that never moved', () => {
    assert.deepEqual(memoryBoundOf(curve(5, 100, () => MiB)), { verdict: 'unknown', growthBytes: null, bytesPerRow: null, noiseFloorBytes: null, samples: 4 });
    assert.equal(memoryBoundOf(curve(20, 0, () => MiB)).verdict, 'unknown');
    assert.equal(memoryBoundOf([]).verdict, 'unknown');
  });
});
