import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { UsageError } from '../../../harness/errors.js';
import { checkDurations } from '../../../harness/store/durations.js';
import {
  describeBasis,
  estimatedRunMs,
  expectUnits,
  parseShard,
  planShards,
  shardLoads,
  splitIntoShards,
  unitKey,
  type DurationsFile,
  type TimedUnit,
  type WorkUnit,
} from '../../../harness/run/shards.js';

const timed = (key: string, expectedMs: number): TimedUnit => ({ key, expectedMs, source: 'durations' });

function durationsFile(units: DurationsFile['units']): DurationsFile {
  return { tool: 'rowmeter-durations', schemaVersion: 1, writtenAt: '2026-12-03T00:00:00.000Z', units };
}

describe('parseShard', () => {
  it('reads i/n', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
  });
  it('refuses anything else in one line', () => {
    for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '-1/4', '2/4/1', '1/1001']) {
      assert.throws(() => parseShard(bad), (error: unknown) => error instanceof UsageError && !error.message.includes('\n') && error.message.includes(JSON.stringify(bad)), bad);
    }
  });
});

describe('estimatedRunMs', () => {
  it('is a fixed cost plus a per-row cost by strategy', () => {
    assert.equal(estimatedRunMs('iterator', 50_000), 1500 + 0.4 * 50_000);
    assert.equal(estimatedRunMs('set-based', 50_000), 1500 + 0.02 * 50_000);
    assert.equal(estimatedRunMs('full-load', 10_000), 1500 + 0.34 * 10_000);
  });
  it('assumes a middle cost for a scenario of the user\'s own', () => {
    assert.equal(estimatedRunMs('my-export', 1000), 1500 + 100);
  });
});

describe('expectUnits', () => {
  const units: WorkUnit[] = [
    { scenarioId: 'backfill/pg/iterator', strategy: 'iterator', tableRows: 1000 },
    { scenarioId: 'backfill/pg/keyset', strategy: 'keyset', tableRows: 1000 },
    { scenarioId: 'backfill/pg/narrow', strategy: 'narrow', tableRows: 1000 },
  ];
  const durations = durationsFile({ 'backfill/pg/iterator@1000': { runs: 3, runMs: 2000, timingMs: 9000 } });
  const baseline = durationsFile({ 'backfill/pg/iterator@1000': { runs: 3, runMs: 5, timingMs: null }, 'backfill/pg/keyset@1000': { runs: 3, runMs: 700, timingMs: null } });

  it('takes the durations file first, then the baseline, then the estimate, and multiplies by the runs', () => {
    const expected = expectUnits(units, { runs: 3, timed: false }, { durations, baseline });
    assert.deepEqual(expected, [
      { key: 'backfill/pg/iterator@1000', expectedMs: 6000, source: 'durations' },
      { key: 'backfill/pg/keyset@1000', expectedMs: 2100, source: 'baseline' },
      { key: 'backfill/pg/narrow@1000', expectedMs: 3 * (1500 + 40), source: 'estimate' },
    ]);
  });

  it('adds the warm timing when timed: recorded, else three runs\' worth', () => {
    const expected = expectUnits(units, { runs: 2, timed: true }, { durations, baseline: null });
    assert.deepEqual(
      expected.map((unit) => unit.expectedMs),
      [2 * 2000 + 9000, 2 * (1500 + 50) + 3 * (1500 + 50), 2 * 1540 + 3 * 1540],
    );
  });

  it('with adaptive repeats, expects as many runs as a unit got last time', () => {
    const expected = expectUnits(units, { runs: 2, timed: false, adaptive: true }, { durations, baseline });
    assert.deepEqual(
      expected.map((unit) => unit.expectedMs),
      [3 * 2000, 3 * 700, 2 * (1500 + 40)],
    );
  });

  it('says which sources it used', () => {
    const expected = expectUnits(units, { runs: 3, timed: false }, { durations, baseline });
    assert.equal(describeBasis(expected, 'd.json', 'base.json'), 'split by expected duration: recorded durations in d.json for 1, the baseline base.json for 1, the built-in estimate per strategy and size for 1 of 3 cells');
  });
});

describe('splitIntoShards', () => {
  it('gives the longest first to the lightest shard (exact split of a small case)', () => {
    const units = [10, 9, 8, 7, 6, 5, 4].map((ms, index) => timed(`u${index}`, ms));
    // 10→1, 9→2, 8→3, 7→3 (8), 6→2 (9), 5→1 (10), 4→1 (all at 15: the lowest shard).
    assert.deepEqual(splitIntoShards(units, 3), [1, 2, 3, 3, 2, 1, 1]);
  });

  it('breaks ties of equal durations by key, whatever the input order', () => {
    const units = ['c', 'a', 'd', 'b'].map((key) => timed(key, 100));
    const shards = splitIntoShards(units, 2);
    const byKey = Object.fromEntries(units.map((unit, index) => [unit.key, shards[index]]));
    assert.deepEqual(byKey, { a: 1, b: 2, c: 1, d: 2 });
  });

  it('is a partition: every unit in exactly one shard, for any n', () => {
    const units = Array.from({ length: 37 }, (_, index) => timed(`cell-${index}`, ((index * 7919) % 101) + 1));
    for (const count of [1, 2, 3, 4, 7, 37, 50]) {
      const shards = splitIntoShards(units, count);
      assert.equal(shards.length, units.length);
      assert.ok(shards.every((shard) => Number.isInteger(shard) && shard >= 1 && shard <= count), `n = ${count}`);
      const total = units.reduce((sum, unit) => sum + unit.expectedMs, 0);
      const loads = shardLoads({ count, units: units.map((unit, index) => ({ ...unit, shard: shards[index]! })) });
      assert.equal(loads.reduce((sum, load) => sum + load, 0), total);
    }
  });

  it('is deterministic: the same units in another order land in the same shards', () => {
    const units = Array.from({ length: 20 }, (_, index) => timed(`cell-${index}`, (index % 5) * 1000 + 500));
    const reversed = [...units].reverse();
    const forward = splitIntoShards(units, 4);
    const backward = splitIntoShards(reversed, 4);
    for (const [index, unit] of units.entries()) assert.equal(backward[reversed.indexOf(unit)], forward[index], unit.key);
  });
});

describe('planShards on recorded durations (test/fixtures/durations-50k.json)', () => {
  // The durations.json written by a real default benchmark (`npm run bench -- --rows 50000`: backfill, every library,
  // adaptive repeats, 175 runs) on the 2-core development machine, 2026-12-03 (docs/sharding.md).
  const fixture = checkDurations(JSON.parse(readFileSync(fileURLToPath(new URL('../../../../test/fixtures/durations-50k.json', import.meta.url)), 'utf8')), 'durations-50k.json');
  const units: WorkUnit[] = Object.keys(fixture.units).map((key) => {
    const [scenarioId = '', rows = '0'] = key.split('@');
    return { scenarioId, strategy: scenarioId.split('/')[2] ?? null, tableRows: Number(rows) };
  });

  it('covers every cell once and balances four shards within 5 % of a perfect quarter', () => {
    const plan = planShards(units, { index: 1, count: 4 }, { runs: 3, timed: false }, { durations: fixture, baseline: null, durationsPath: 'durations-50k.json', baselinePath: null });
    assert.deepEqual(plan.units.map((unit) => unit.key), units.map(unitKey));
    assert.ok(plan.units.every((unit) => unit.source === 'durations'));
    const loads = shardLoads(plan);
    const total = loads.reduce((sum, load) => sum + load, 0);
    // Every unit's expectation is exactly 3 recorded runs.
    assert.equal(total, Object.values(fixture.units).reduce((sum, unit) => sum + Math.round(unit.runMs * 3), 0));
    assert.ok(Math.max(...loads) <= (total / 4) * 1.05, `loads ${loads.join(', ')} of ${total}`);
    assert.equal(plan.basis, `split by expected duration: recorded durations in durations-50k.json for ${units.length} of ${units.length} cells`);
  });

  it('gives every shard index the same split', () => {
    const plans = [1, 2, 3, 4].map((index) => planShards(units, { index, count: 4 }, { runs: 3, timed: false }, { durations: fixture, baseline: null, durationsPath: null, baselinePath: null }));
    for (const plan of plans.slice(1)) assert.deepEqual(plan.units, plans[0]!.units);
  });
});
