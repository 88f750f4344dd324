import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../harness/errors.js';
import { mergeShards, type ShardInput } from '../../../harness/merge/merge.js';
import type { BenchmarkResults, RunResult } from '../../../harness/results.js';
import { planShards, type WorkUnit } from '../../../harness/run/shards.js';
import { makeResults, makeRun, makeScenario } from '../../support/fixtures.js';

const STRATEGIES = ['iterator', 'keyset', 'narrow', 'set-based', 'server-cursor'] as const;
const ROWS = 1000;
const REPEAT = 2;

const units: WorkUnit[] = STRATEGIES.map((strategy) => ({ scenarioId: `backfill/pg/${strategy}`, strategy, tableRows: ROWS }));

/** Every run of the whole benchmark, as an unsharded one makes them. */
function allRuns(): RunResult[] {
  return Array.from({ length: REPEAT }, (_, round) => STRATEGIES.map((strategy, position) => makeRun({ strategy, repeat: round + 1, tableRows: ROWS, wallMs: 100 * (position + 1) + round, peakRssBytes: (60 + position) * 2 ** 20 }))).flat();
}

/** The results shard `index` of `count` writes: its own units' runs, its plan, its machine. */
function shardResults(index: number, count = 3, overrides: Partial<BenchmarkResults['context']> = {}): BenchmarkResults {
  const plan = planShards(units, { index, count }, { runs: REPEAT, timed: false }, { durations: null, baseline: null, durationsPath: null, baselinePath: null });
  const mine = new Set(plan.units.filter((unit) => unit.shard === index).map((unit) => unit.key));
  const runs = allRuns()
    .filter((run) => mine.has(`${run.scenarioId}@${run.tableRows}`))
    .map((run) => ({ ...run, shard: index }));
  const results = makeResults(runs);
  results.scenarios = STRATEGIES.map((strategy) => makeScenario('pg', strategy));
  results.context = {
    ...results.context,
    options: { ...results.context.options, rows: [ROWS], repeat: REPEAT },
    seeds: [{ rows: ROWS, payloadBytes: 1024, averagePayloadBytes: 1025, seedMs: 10, rowsPerSecond: 1, reused: false, tableBytes: 1, seedVersion: 1 }],
    startedAt: `2026-12-03T0${index}:00:00.000Z`,
    finishedAt: `2026-12-03T0${index}:30:00.000Z`,
    hostname: 'runner-a',
    shard: plan,
    ...overrides,
  };
  return results;
}

const inputs = (count = 3, indices = [1, 2, 3]): ShardInput[] => indices.map((index) => ({ source: `shard-${index}`, results: shardResults(index, count) }));

const refusal = (pattern: RegExp) => (error: unknown) => error instanceof UsageError && !error.message.includes('\n') && pattern.test(error.message);

describe('mergeShards', () => {
  it('gives back every run of the whole, in the order an unsharded benchmark makes them', () => {
    const merged = mergeShards(inputs());
    const expected = allRuns();
    assert.deepEqual(
      merged.runs.map((run) => [run.scenarioId, run.repeat, run.status, run.peakRssBytes]),
      expected.map((run) => [run.scenarioId, run.repeat, run.status, run.peakRssBytes]),
    );
    assert.equal(merged.context.shard, undefined);
    assert.equal(merged.context.startedAt, '2026-12-03T01:00:00.000Z');
    assert.equal(merged.context.finishedAt, '2026-12-03T03:30:00.000Z');
    assert.deepEqual(merged.context.merged?.shards.map((shard) => [shard.index, shard.source, shard.runs]), [1, 2, 3].map((index) => [index, `shard-${index}`, shardResults(index).runs.length]));
    assert.equal(merged.context.merged?.differentMachines, false);
    assert.equal(merged.context.merged?.incomplete, null);
    assert.equal(merged.context.seeds.length, 1);
  });

  it('takes the shards in any order', () => {
    const forward = mergeShards(inputs());
    const backward = mergeShards(inputs().reverse());
    assert.deepEqual(backward.runs, forward.runs);
  });

  it('says when shards ran on different machines', () => {
    const given = inputs();
    given[1]!.results.context.hostname = 'runner-b';
    given[1]!.results.context.cpu = { model: 'Other CPU', cores: 4 };
    const merged = mergeShards(given);
    assert.equal(merged.context.merged?.differentMachines, true);
    assert.equal(merged.context.merged?.shards[1]?.hostname, 'runner-b');
    const awake = inputs();
    for (const [index, input] of awake.entries()) input.results.context.lowLatency = { held: index !== 2, detail: '' };
    assert.equal(mergeShards(awake).context.merged?.differentMachines, true, 'one shard let idle CPUs halt');
    assert.deepEqual(mergeShards(awake).context.merged?.shards.map((shard) => shard.lowLatencyHeld), [true, true, false]);
  });

  it('names the cells of a missing shard, and with allowPartial merges what there is, marked incomplete', () => {
    const plan = shardResults(2).context.shard!;
    const cells = plan.units.filter((unit) => unit.shard === 2).map((unit) => unit.key);
    assert.ok(cells.length > 0);
    assert.throws(() => mergeShards(inputs(3, [1, 3])), refusal(new RegExp(`^shard 2/3 missing: cells ${cells.join(', ')} \\(add --allow-partial`)));
    const partial = mergeShards(inputs(3, [1, 3]), true);
    assert.deepEqual(partial.context.merged?.incomplete, { missingShards: [2], missingUnits: cells });
    assert.equal(partial.runs.length, allRuns().length - cells.length * REPEAT);
  });

  it('refuses a shard that did not finish unless allowPartial', () => {
    const given = inputs();
    given[0]!.results.context.finishedAt = null;
    const dropped = given[0]!.results.runs.pop()!;
    assert.throws(() => mergeShards(given), refusal(new RegExp(`^shard 1/3 \\(shard-1\\) did not finish: cells ${dropped.scenarioId}@1000 are short of runs`)));
    assert.deepEqual(mergeShards(given, true).context.merged?.incomplete?.missingUnits, [`${dropped.scenarioId}@1000`]);
  });

  it('refuses a shard given twice', () => {
    const given = [...inputs(), { source: 'again', results: shardResults(2) }];
    assert.throws(() => mergeShards(given), refusal(/^Shard 2\/3 given twice: shard-2 and again$/));
  });

  it('refuses shards of different benchmarks: counts, options, versions, scenarios, splits, seeds', () => {
    const mismatched: Array<[string, (results: BenchmarkResults) => void, RegExp]> = [
      ['count', (results) => (results.context.shard = shardResults(2, 4).context.shard!), /^Shards with different shard counts: shard-1 \(shard 1\/3\) has n = 3, shard-2 \(shard 2\/4\) has n = 4$/],
      ['options', (results) => (results.context.options = { ...results.context.options, batchSize: 5 }), /^Shards with different options: shard-1/],
      ['version', (results) => (results.context.rowmeterVersion = '9.9.9'), /^Shards with different rowmeter versions: shard-1 \(shard 1\/3\) has 0\.1\.0, shard-2 \(shard 2\/3\) has 9\.9\.9$/],
      ['scenarios', (results) => (results.scenarios = results.scenarios.slice(1)), /^Shards with different scenarios: .* has 5 selected scenarios, .* has 4 selected scenarios$/],
      ['split', (results) => (results.context.shard = { ...results.context.shard!, units: results.context.shard!.units.map((unit) => ({ ...unit, shard: unit.shard === 3 ? 1 : unit.shard })) }), /^Shards with different splits/],
      ['seed', (results) => (results.context.seeds = [{ ...results.context.seeds[0]!, seedVersion: 2 }]), /^Shards with different seeds at 1000 rows: shard-1 has seed v1, 1024 B, shard-2 has seed v2, 1024 B$/],
    ];
    for (const [what, change, pattern] of mismatched) {
      const given = inputs();
      change(given[1]!.results);
      assert.throws(() => mergeShards(given), refusal(pattern), what);
    }
  });

  it('refuses results that are not a shard, and nothing at all', () => {
    const unsharded = makeResults([makeRun()]);
    assert.throws(() => mergeShards([{ source: 'whole', results: unsharded }]), refusal(/^whole is not a shard \(it ran without --shard i\/n\)/));
    assert.throws(() => mergeShards([]), refusal(/^Nothing to merge/));
  });
});
