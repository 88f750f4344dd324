import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareMetric, compareResults, DEFAULT_THRESHOLDS, exitCodeOf } from '../../../harness/compare/compare.js';
import type { CompareThresholds, Comparison, ScenarioComparison } from '../../../harness/compare/types.js';
import { VERDICTS } from '../../../harness/compare/types.js';
import type { BenchmarkResults, RunStatus, TimingEntry } from '../../../harness/results.js';
import { makeResults } from '../../support/fixtures.js';
import { growthEntries } from '../../../harness/growth.js';
import { MiB, resultsOf, scenarioRuns, type SideSpec } from './helpers.js';

const sources = { base: 'base.json', head: 'head.json' };

function compare(base: BenchmarkResults, head: BenchmarkResults, thresholds: CompareThresholds = DEFAULT_THRESHOLDS): Comparison {
  return compareResults(base, head, thresholds, sources);
}

/** The only scenario of a comparison of one scenario on each side. */
function only(base: SideSpec, head: SideSpec, thresholds?: CompareThresholds): ScenarioComparison {
  const comparison = compare(resultsOf(base), resultsOf(head), thresholds);
  assert.equal(comparison.scenarios.length, 1);
  const [scenario] = comparison.scenarios;
  assert.ok(scenario);
  return scenario;
}

describe('compareResults: metric verdicts', () => {
  it('calls identical results unchanged, with zero change', () => {
    const scenario = only({ peaksMiB: [100, 101, 102] }, { peaksMiB: [100, 101, 102] });
    assert.equal(scenario.verdict, 'unchanged');
    assert.equal(scenario.memory?.changeRatio, 0);
    assert.equal(scenario.memory?.changeAbs, 0);
    assert.equal(scenario.time?.verdict, 'unchanged');
    assert.match(scenario.reason, /peak RSS \+0\.0 %.*within 10 %/);
  });

  it('calls a memory increase beyond the threshold and outside the spread regressed', () => {
    const scenario = only({ peaksMiB: [100, 101, 102] }, { peaksMiB: [130, 131, 132] });
    assert.equal(scenario.verdict, 'regressed');
    assert.equal(scenario.memory?.verdict, 'regressed');
    assert.equal(scenario.memory?.baseMedian, 101 * MiB);
    assert.equal(scenario.memory?.headMedian, 131 * MiB);
    assert.equal(scenario.memory?.changeAbs, 30 * MiB);
    assert.ok(Math.abs((scenario.memory?.changeRatio ?? 0) - 30 / 101) < 1e-12);
    assert.equal(scenario.memory?.withinNoise, false);
    assert.match(scenario.reason, /peak RSS \+29\.7 % \(\+30\.0 MiB\) beyond 10 % and outside the repeats' spread/);
  });

  it('calls a memory decrease beyond the threshold and outside the spread improved', () => {
    const scenario = only({ peaksMiB: [130, 131, 132] }, { peaksMiB: [100, 101, 102] });
    assert.equal(scenario.verdict, 'improved');
    assert.equal(scenario.memory?.verdict, 'improved');
    assert.match(scenario.reason, /peak RSS -22\.9 % \(-30\.0 MiB\) beyond 10 %/);
  });

  it('calls a wall time increase beyond 25 % regressed, and one of 20 % unchanged', () => {
    const slower = only({ peaksMiB: [100, 100, 100], wallsMs: [200, 205, 210] }, { peaksMiB: [100, 100, 100], wallsMs: [300, 305, 310] });
    assert.equal(slower.verdict, 'regressed');
    assert.equal(slower.time?.verdict, 'regressed');
    assert.equal(slower.memory?.verdict, 'unchanged');
    assert.match(slower.reason, /wall time \+48\.8 % \(\+100 ms\) beyond 25 %/);
    const bitSlower = only({ peaksMiB: [100, 100, 100], wallsMs: [200, 200, 200] }, { peaksMiB: [100, 100, 100], wallsMs: [240, 240, 240] });
    assert.equal(bitSlower.verdict, 'unchanged');
    assert.equal(bitSlower.time?.withinNoise, false, 'outside the spread, yet within the threshold');
  });

  it('keeps a change within the threshold unchanged even outside the spread, and honours custom thresholds', () => {
    const base = { peaksMiB: [100, 100, 100] };
    const head = { peaksMiB: [105, 105, 105] };
    assert.equal(only(base, head).verdict, 'unchanged');
    const strict = only(base, head, { maxMemoryRegression: 0.03, maxTimeRegression: 0.25 });
    assert.equal(strict.verdict, 'regressed');
    assert.equal(strict.memory?.threshold, 0.03);
    assert.match(strict.reason, /beyond 3 %/);
  });

  it('needs a change strictly beyond the threshold', () => {
    assert.equal(only({ peaksMiB: [100] }, { peaksMiB: [110] }).verdict, 'unchanged');
    assert.equal(only({ peaksMiB: [100] }, { peaksMiB: [111] }).verdict, 'regressed');
  });

  it('picks the worst metric verdict: memory regressed beats time improved', () => {
    const scenario = only({ peaksMiB: [100, 100, 100], wallsMs: [400, 400, 400] }, { peaksMiB: [150, 150, 150], wallsMs: [200, 200, 200] });
    assert.equal(scenario.memory?.verdict, 'regressed');
    assert.equal(scenario.time?.verdict, 'improved');
    assert.equal(scenario.verdict, 'regressed');
    assert.match(scenario.reason, /peak RSS .*; wall time /);
  });

  it('calls a metric without a value not comparable', () => {
    const scenario = only({ peaksMiB: [100, 100] }, { peaksMiB: [null, null] });
    assert.equal(scenario.memory?.verdict, 'not comparable');
    assert.equal(scenario.memory?.headMedian, null);
    assert.equal(scenario.verdict, 'not comparable');
    assert.match(scenario.reason, /peak RSS: no value from the head's ok runs/);
  });

  it('calls a zero base median not comparable (no relative change)', () => {
    const scenario = only({ peaksMiB: [0, 0] }, { peaksMiB: [5, 5] });
    assert.equal(scenario.memory?.verdict, 'not comparable');
    assert.equal(scenario.memory?.changeRatio, null);
    assert.equal(scenario.memory?.changeAbs, 5 * MiB);
  });
});

describe('compareResults: the noise rule', () => {
  it('does not call a change inside the repeats’ spread a regression, however large the median change', () => {
    // Medians 100 → 121 MiB (+21 %, beyond 10 %), but the base's repeats reach 140 MiB.
    const scenario = only({ peaksMiB: [80, 100, 140] }, { peaksMiB: [120, 121, 122] });
    assert.ok((scenario.memory?.changeRatio ?? 0) > DEFAULT_THRESHOLDS.maxMemoryRegression);
    assert.equal(scenario.memory?.withinNoise, true);
    assert.equal(scenario.verdict, 'unchanged');
    assert.match(scenario.reason, /beyond 10 % but inside the repeats' spread/);
  });

  it('counts the head’s spread too', () => {
    const scenario = only({ peaksMiB: [100, 101, 102] }, { peaksMiB: [95, 130, 131] });
    assert.ok((scenario.memory?.changeRatio ?? 0) > 0.1);
    assert.equal(scenario.verdict, 'unchanged');
  });

  it('does not call an improvement inside the spread improved', () => {
    const scenario = only({ peaksMiB: [120, 121, 122] }, { peaksMiB: [80, 100, 140] });
    assert.ok((scenario.memory?.changeRatio ?? 0) < -0.1);
    assert.equal(scenario.verdict, 'unchanged');
  });

  it('lets the threshold alone decide with a single repeat on each side', () => {
    const scenario = only({ peaksMiB: [100] }, { peaksMiB: [115] });
    assert.equal(scenario.memory?.baseSpread?.count, 1);
    assert.equal(scenario.verdict, 'regressed');
  });

  it('still uses the other side’s spread when only one side has a single repeat', () => {
    assert.equal(only({ peaksMiB: [80, 100, 140] }, { peaksMiB: [121] }).verdict, 'unchanged');
    assert.equal(only({ peaksMiB: [99, 100, 101] }, { peaksMiB: [121] }).verdict, 'regressed');
  });

  it('takes medians over ok runs only', () => {
    const base = scenarioRuns({ peaksMiB: [100, 100, 100] });
    const head = scenarioRuns({ peaksMiB: [100, 100, 900], perRepeat: [{}, {}, { status: 'timed-out' }] });
    const memory = compareMetric('peakRssBytes', base, head, 0.1);
    assert.equal(memory.headMedian, 100 * MiB);
    assert.equal(memory.headSpread?.count, 2);
    assert.equal(memory.headSpread?.max, 100 * MiB);
    assert.equal(memory.verdict, 'unchanged');
  });
});

describe('compareResults: run statuses', () => {
  const failing: RunStatus[] = ['verify-failed', 'crashed', 'timed-out', 'memory-exceeded', 'heap-exceeded'];
  for (const status of failing) {
    it(`calls a newly ${status} run a regression, even with unchanged figures`, () => {
      const scenario = only({ peaksMiB: [100, 100, 100] }, { peaksMiB: [100, 100, 100], perRepeat: [{}, { status }, {}] });
      assert.equal(scenario.verdict, 'regressed');
      assert.equal(scenario.memory?.verdict, 'unchanged');
      assert.deepEqual(scenario.headStatuses, ['ok', status, 'ok']);
      assert.equal(scenario.reason, `newly failing: 1 ${status}, 2 ok of 3 runs (base: all 3 ok)`);
    });
  }

  it('calls a scenario failing on both sides not comparable, naming both', () => {
    const scenario = only({ peaksMiB: [100, 100], each: { status: 'crashed' } }, { peaksMiB: [100, 100], perRepeat: [{ status: 'timed-out' }, {}] });
    assert.equal(scenario.verdict, 'not comparable');
    assert.equal(scenario.reason, 'failing on both sides (base: 2 crashed of 2 runs; head: 1 timed-out, 1 ok of 2 runs)');
  });

  it('calls a scenario that no longer fails improved', () => {
    const scenario = only({ peaksMiB: [100, 100], perRepeat: [{ status: 'verify-failed' }, {}] }, { peaksMiB: [100, 100] });
    assert.equal(scenario.verdict, 'improved');
    assert.match(scenario.reason, /^no longer failing \(base: 1 verify-failed, 1 ok of 2 runs; head: all 2 ok\)$/);
  });
});

describe('compareResults: warm timings judge time when both sides have them', () => {
  /** A warm timing of backfill/pg/server-cursor at 1,000 rows (the fixtures' scenario). */
  function timing(meanMs: number, moeMs: number, overrides: Partial<TimingEntry> = {}): TimingEntry {
    return {
      scenarioId: 'backfill/pg/server-cursor',
      workload: 'backfill',
      library: 'pg',
      strategy: 'server-cursor',
      scenarioVersion: 1,
      tableRows: 1000,
      status: 'ok',
      samples: 10,
      warmupIterations: 2,
      meanMs,
      sdMs: moeMs,
      moeMs,
      rme: (100 * moeMs) / meanMs,
      p50Ms: meanMs,
      p75Ms: meanMs,
      p99Ms: meanMs,
      minMs: meanMs - moeMs,
      maxMs: meanMs + moeMs,
      throughputPerSecond: 1000 / meanMs,
      iterationsMs: [meanMs],
      iterationQueries: [3],
      iterationRows: [1000],
      budgetMs: 60_000,
      budgetReached: false,
      verify: { checkedRows: 1000, mismatches: 0 },
      ...overrides,
    };
  }
  function compareWith(baseTiming: TimingEntry | null, headTiming: TimingEntry | null, walls: { base: number[]; head: number[] } = { base: [200, 200], head: [200, 200] }): ScenarioComparison {
    const base = resultsOf({ peaksMiB: [100, 100], wallsMs: walls.base });
    const head = resultsOf({ peaksMiB: [100, 100], wallsMs: walls.head });
    if (baseTiming) base.timings.push(baseTiming);
    if (headTiming) head.timings.push(headTiming);
    const [scenario] = compare(base, head).scenarios;
    assert.ok(scenario);
    return scenario;
  }

  it('calls a warm mean beyond the threshold with confidence intervals apart regressed', () => {
    const scenario = compareWith(timing(100, 2), timing(130, 3));
    assert.equal(scenario.verdict, 'regressed');
    assert.equal(scenario.warm?.verdict, 'regressed');
    assert.equal(scenario.warm?.baseMedian, 100);
    assert.equal(scenario.warm?.headMedian, 130);
    assert.equal(scenario.warm?.withinNoise, false);
    assert.match(scenario.reason, /warm time \+30\.0 % \(\+30 ms\) beyond 25 % and outside the repeats' spread/);
  });

  it('keeps a change whose confidence intervals overlap unchanged, however large the mean change', () => {
    const scenario = compareWith(timing(100, 20), timing(130, 20));
    assert.equal(scenario.warm?.withinNoise, true);
    assert.equal(scenario.verdict, 'unchanged');
  });

  it('calls a warm improvement beyond the threshold, intervals apart, improved', () => {
    assert.equal(compareWith(timing(140, 2), timing(100, 2)).verdict, 'improved', '-28.6 %');
  });

  it('lets warm time decide: a cold regression alone is only a second signal, named in the reason', () => {
    const scenario = compareWith(timing(100, 2), timing(101, 2), { base: [200, 205], head: [400, 410] });
    assert.equal(scenario.time?.verdict, 'regressed', 'cold wall time doubled, outside its spread');
    assert.equal(scenario.verdict, 'unchanged', 'the warm mean did not move');
    assert.match(scenario.reason, /; cold wall time \+100\.0 % \(\+203 ms\) beyond 25 % and outside the repeats' spread \(second signal\)$/);
  });

  it('behaves as without timings when only one side, or a failed timing, has one', () => {
    const oneSided = compareWith(timing(100, 2), null, { base: [200, 205], head: [400, 410] });
    assert.equal(oneSided.warm, null);
    assert.equal(oneSided.verdict, 'regressed', 'cold time decides');
    const failed = compareWith(timing(100, 2), timing(300, 2, { status: 'crashed' }));
    assert.equal(failed.warm, null);
    assert.equal(failed.verdict, 'unchanged');
  });
});

describe('compareResults: environment failures', () => {
  it('never calls a lost database a regression: not comparable, whichever side lost it', () => {
    const lostInHead = only({ peaksMiB: [100, 100] }, { peaksMiB: [100, 400], perRepeat: [{}, { status: 'database-lost' }] });
    assert.equal(lostInHead.verdict, 'not comparable');
    assert.equal(lostInHead.reason, "the database was lost during a head run (an environment failure, not the scenario's)");
    const lostInBase = only({ peaksMiB: [100], each: { status: 'database-lost' } }, { peaksMiB: [100] });
    assert.equal(lostInBase.verdict, 'not comparable');
  });

  it('calls scenarios an unfinished head never reached not comparable rather than gone', () => {
    const head = resultsOf({ peaksMiB: [100] });
    head.context.finishedAt = null;
    const comparison = compare(resultsOf({ peaksMiB: [100] }, { strategy: 'keyset', peaksMiB: [100] }), head);
    const keyset = comparison.scenarios.find((scenario) => scenario.scenarioId === 'backfill/pg/keyset');
    assert.equal(keyset?.verdict, 'not comparable');
    assert.equal(keyset?.reason, 'not measured: the head benchmark did not finish');
    assert.equal(exitCodeOf(comparison), 0);
  });
});

describe('compareResults: table sizes and growth', () => {
  /** One scenario measured at several sizes, peaks (MiB) per size. */
  function sweep(peaksBySize: Record<number, number[]>): BenchmarkResults {
    const runs = Object.entries(peaksBySize).flatMap(([rows, peaks]) => scenarioRuns({ peaksMiB: peaks, each: { tableRows: Number(rows) } }));
    const results = makeResults(runs);
    results.context.options.rows = Object.keys(peaksBySize).map(Number);
    return results;
  }

  it('compares size by size; a size on one side only is new or gone', () => {
    const comparison = compare(sweep({ 1000: [100, 100], 5000: [100, 101] }), sweep({ 5000: [150, 151], 20000: [100, 100] }));
    assert.deepEqual(
      comparison.scenarios.map((scenario) => [scenario.tableRows, scenario.verdict]),
      [
        [1000, 'gone'],
        [5000, 'regressed'],
        [20000, 'new'],
      ],
    );
  });

  it('calls memory that stopped being constant with the rows a regression, before any size passes the threshold', () => {
    const base = sweep({ 10000: [100, 100, 100], 50000: [100, 100.2, 100.1], 200000: [100.3, 100, 100.2] });
    const head = sweep({ 10000: [100, 100, 100], 50000: [104.6, 104.7, 104.6], 200000: [109.3, 109.4, 109.3] });
    for (const results of [base, head]) results.growth = growthEntries(results);
    const comparison = compare(base, head);
    const bySize = new Map(comparison.scenarios.map((scenario) => [scenario.tableRows, scenario]));
    assert.equal(bySize.get(200000)?.memory?.verdict, 'unchanged', '+9 % is within the 10 % threshold');
    assert.equal(bySize.get(200000)?.verdict, 'regressed');
    assert.deepEqual(bySize.get(200000)?.memoryGrowth, { base: 'constant', head: 'linear' });
    assert.match(bySize.get(200000)?.reason ?? '', /^peak RSS now grows linear with the rows \(was constant\): a leak in the making$/);
    assert.equal(bySize.get(10000)?.verdict, 'unchanged', 'only the largest size carries the growth verdict');
    assert.equal(comparison.regressions, 1);
    // The same growth on both sides is no regression.
    assert.equal(compare(head, head).regressions, 0);
  });
});

describe('compareResults: new, gone and not comparable', () => {
  it('calls a scenario only in head new and one only in base gone', () => {
    const comparison = compare(
      resultsOf({ peaksMiB: [100] }, { strategy: 'full-load', peaksMiB: [300] }),
      resultsOf({ peaksMiB: [100] }, { strategy: 'keyset', peaksMiB: [90], each: { status: 'crashed' } }),
    );
    const byId = new Map(comparison.scenarios.map((scenario) => [scenario.scenarioId, scenario]));
    assert.equal(byId.get('backfill/pg/server-cursor')?.verdict, 'unchanged');
    assert.equal(byId.get('backfill/pg/full-load')?.verdict, 'gone');
    assert.equal(byId.get('backfill/pg/full-load')?.reason, 'only in base');
    assert.equal(byId.get('backfill/pg/full-load')?.memory, null);
    assert.equal(byId.get('backfill/pg/keyset')?.verdict, 'new');
    assert.equal(byId.get('backfill/pg/keyset')?.reason, 'only in head (1 crashed of 1 run)');
    assert.equal(comparison.regressions, 0);
  });

  it('calls a scenario whose version changed not comparable, even if it looks regressed', () => {
    const scenario = only({ peaksMiB: [100, 100] }, { peaksMiB: [300, 300], each: { scenarioVersion: 2 } });
    assert.equal(scenario.verdict, 'not comparable');
    assert.equal(scenario.reason, 'scenario version changed (1 → 2)');
    assert.equal(scenario.baseVersion, 1);
    assert.equal(scenario.headVersion, 2);
  });

  const settings: Array<[string, (results: BenchmarkResults) => void, RegExp]> = [
    ['payload', (r) => (r.context.options.payloadBytes = 4096), /payload differs \(1024 vs 4096 bytes\)/],
    ['batch size', (r) => (r.context.options.batchSize = 500), /batch size differs \(100 vs 500\)/],
    ['seed version', (r) => r.context.seeds[0] && (r.context.seeds[0].seedVersion = 2), /seed version differs \(1 vs 2\)/],
  ];
  for (const [name, change, message] of settings) {
    it(`calls every scenario not comparable when the ${name} differs`, () => {
      const head = resultsOf({ peaksMiB: [300] }, { strategy: 'keyset', peaksMiB: [100] });
      change(head);
      const comparison = compare(resultsOf({ peaksMiB: [100] }, { strategy: 'keyset', peaksMiB: [100] }), head);
      assert.match(comparison.settingsMismatch ?? '', message);
      assert.deepEqual(
        comparison.scenarios.map((scenario) => scenario.verdict),
        ['not comparable', 'not comparable'],
      );
      assert.match(comparison.scenarios[0]?.reason ?? '', message);
      assert.equal(exitCodeOf(comparison), 0);
    });
  }

  it('never compares runs made under different conditions: a cell at 1 ms is not the cell on localhost', () => {
    const base = resultsOf({ peaksMiB: [100, 100] });
    const head = resultsOf({ peaksMiB: [300, 300], each: { scenarioId: 'backfill/pg/server-cursor@1ms', conditions: { latencyMs: 1, bandwidthMbit: null } } });
    head.scenarios[0] = { ...head.scenarios[0]!, id: 'backfill/pg/server-cursor@1ms', conditions: { latencyMs: 1, bandwidthMbit: null }, baseId: 'backfill/pg/server-cursor' };
    const comparison = compare(base, head);
    assert.deepEqual(
      comparison.scenarios.map((scenario) => [scenario.scenarioId, scenario.verdict]),
      [
        ['backfill/pg/server-cursor', 'gone'],
        ['backfill/pg/server-cursor@1ms', 'new'],
      ],
    );
    assert.equal(exitCodeOf(comparison), 0);
  });

  it('compares a swept batch size cell by cell: the size is in the ids, not a mismatch of the whole', () => {
    const head = resultsOf({ peaksMiB: [100] });
    head.context.options.batchSize = 500;
    head.context.options.batchSizes = [500, 5000];
    assert.equal(compare(resultsOf({ peaksMiB: [100] }), head).settingsMismatch, null);
  });

  it('ignores repeats, interval and database kind when matching settings', () => {
    const head = resultsOf({ peaksMiB: [100] });
    head.context.options.repeat = 5;
    head.context.options.intervalMs = 50;
    head.context.options.database = 'url';
    const comparison = compare(resultsOf({ peaksMiB: [100] }), head);
    assert.equal(comparison.settingsMismatch, null);
    assert.equal(comparison.scenarios[0]?.verdict, 'unchanged');
  });
});

describe('compareResults: the comparison as a whole', () => {
  it('covers every verdict', () => {
    const base = resultsOf(
      { library: 'pg', strategy: 'full-load', peaksMiB: [100, 100] },
      { library: 'pg', strategy: 'iterator', peaksMiB: [100, 100] },
      { library: 'pg', strategy: 'keyset', peaksMiB: [100, 100] },
      { library: 'knex', strategy: 'keyset', peaksMiB: [100, 100] },
      { library: 'knex', strategy: 'narrow', peaksMiB: [100, 100] },
    );
    const head = resultsOf(
      { library: 'pg', strategy: 'full-load', peaksMiB: [200, 200] },
      { library: 'pg', strategy: 'iterator', peaksMiB: [50, 50] },
      { library: 'pg', strategy: 'keyset', peaksMiB: [100, 100] },
      { library: 'knex', strategy: 'keyset', peaksMiB: [100, 100], each: { scenarioVersion: 3 } },
      { library: 'prisma', strategy: 'keyset', peaksMiB: [100, 100] },
    );
    const comparison = compare(base, head);
    const verdicts = new Set(comparison.scenarios.map((scenario) => scenario.verdict));
    assert.deepEqual([...verdicts].sort(), [...VERDICTS].sort());
    assert.equal(comparison.regressions, 1);
    assert.equal(exitCodeOf(comparison), 1);
  });

  it('lists scenarios in matrix order (library, then strategy) and records both sides', () => {
    const base = resultsOf({ library: 'prisma', strategy: 'keyset', peaksMiB: [1] }, { library: 'pg', strategy: 'keyset', peaksMiB: [1] });
    const head = resultsOf({ library: 'knex', strategy: 'full-load', peaksMiB: [1] }, { library: 'pg', strategy: 'full-load', peaksMiB: [1] });
    head.context.commit = 'def5678';
    head.context.startedAt = '2026-11-25T03:17:00.000Z';
    const comparison = compare(base, head);
    assert.deepEqual(
      comparison.scenarios.map((scenario) => scenario.scenarioId),
      ['backfill/pg/full-load', 'backfill/pg/keyset', 'backfill/knex/full-load', 'backfill/prisma/keyset'],
    );
    assert.deepEqual(comparison.base, { source: 'base.json', startedAt: base.context.startedAt, commit: 'abc1234', complete: true });
    assert.deepEqual(comparison.head, { source: 'head.json', startedAt: '2026-11-25T03:17:00.000Z', commit: 'def5678', complete: true });
    assert.deepEqual(comparison.thresholds, DEFAULT_THRESHOLDS);
  });

  it('compares nothing to nothing without a regression', () => {
    const comparison = compare(makeResults([]), makeResults([]));
    assert.deepEqual(comparison.scenarios, []);
    assert.equal(exitCodeOf(comparison), 0);
  });

  it('does not mutate its inputs', () => {
    const base = resultsOf({ peaksMiB: [102, 100, 101] });
    const head = resultsOf({ peaksMiB: [130, 131, 132] });
    const before = JSON.stringify([base, head]);
    compare(base, head);
    assert.equal(JSON.stringify([base, head]), before);
  });
});

describe('compareResults: times measured with and without low-latency idle', () => {
  const held = (results: BenchmarkResults, value: boolean | undefined): BenchmarkResults => {
    if (value !== undefined) results.context.lowLatency = { held: value, detail: value ? 'held' : 'not available' };
    return results;
  };
  const slowHead: [SideSpec, SideSpec] = [
    { peaksMiB: [100, 101, 102], wallsMs: [1000, 1010, 1020] },
    { peaksMiB: [100, 101, 102], wallsMs: [2000, 2010, 2020] },
  ];

  it('judges memory alone, and says why, when one side held it and the other did not', () => {
    const comparison = compare(held(resultsOf(slowHead[0]), true), held(resultsOf(slowHead[1]), false));
    const [scenario] = comparison.scenarios;
    assert.equal(scenario?.verdict, 'unchanged');
    assert.match(scenario?.reason ?? '', /time not judged: low-latency idle held in base, not held in head$/);
    assert.equal(scenario?.time?.verdict, 'regressed', 'the time change is still reported');
  });

  it('judges time as before when both sides agree (older results count as not held)', () => {
    assert.equal(compare(held(resultsOf(slowHead[0]), true), held(resultsOf(slowHead[1]), true)).scenarios[0]?.verdict, 'regressed');
    assert.equal(compare(held(resultsOf(slowHead[0]), undefined), held(resultsOf(slowHead[1]), false)).scenarios[0]?.verdict, 'regressed');
  });
});
