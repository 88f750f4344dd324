import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerHeading, buildAnswer } from '../../../harness/report/answer.js';
import { slowConsumerSentences } from '../../../harness/report/slow-consumer.js';
import { conditionsLabel } from '../../../harness/results.js';
import { growthEntries } from '../../../harness/growth.js';
import { dimensionRows, dimensionSpec, sweeps } from '../../../harness/report/dimension-specs.js';
import { makeResults, makeRun, makeScenario } from '../../support/fixtures.js';

const MiB = 1024 * 1024;
const oneMs = { latencyMs: 1, bandwidthMbit: null };

/** pg's iterator and set-based at 0 and 1 ms: at 1 ms the iterator's per-row round trips cost it. */
function sweep() {
  const runs = [
    makeRun({ strategy: 'iterator', wallMs: 900, peakRssBytes: 80 * MiB }),
    makeRun({ strategy: 'set-based', wallMs: 1000, peakRssBytes: 60 * MiB }),
    makeRun({ strategy: 'iterator', scenarioId: 'backfill/pg/iterator@1ms', wallMs: 9000, peakRssBytes: 80 * MiB, conditions: oneMs }),
    makeRun({ strategy: 'set-based', scenarioId: 'backfill/pg/set-based@1ms', wallMs: 1100, peakRssBytes: 60 * MiB, conditions: oneMs }),
  ];
  const scenarios = [
    makeScenario('pg', 'iterator'),
    makeScenario('pg', 'set-based'),
    makeScenario('pg', 'iterator', { id: 'backfill/pg/iterator@1ms', conditions: oneMs, baseId: 'backfill/pg/iterator' }),
    makeScenario('pg', 'set-based', { id: 'backfill/pg/set-based@1ms', conditions: oneMs, baseId: 'backfill/pg/set-based' }),
  ];
  return makeResults(runs, { scenarios });
}

describe('conditions in the answer', () => {
  it('answers each latency apart: the fastest at 0 ms is not compared with cells at 1 ms', () => {
    const answer = buildAnswer(sweep());
    assert.deepEqual(
      answer.workloads.map((part) => [answerHeading(part), part.best.map((entry) => entry.row?.scenario.id)]),
      [
        ['backfill', ['backfill/pg/iterator']],
        ['backfill over a 1 ms round trip', ['backfill/pg/set-based@1ms']],
      ],
    );
  });

  it('says conditions in words', () => {
    assert.equal(conditionsLabel(undefined), null);
    assert.equal(conditionsLabel({ latencyMs: 0, bandwidthMbit: null, sinkMBps: null }), null);
    assert.equal(conditionsLabel({ latencyMs: 5, bandwidthMbit: 100 }), 'over a 5 ms round trip at 100 Mbit/s');
    assert.equal(conditionsLabel({ latencyMs: 0, bandwidthMbit: null, sinkMBps: 2 }), 'behind a 2 MB/s consumer');
  });
});

describe('the slow-consumer sentence', () => {
  it('names per library what stayed bounded and what grew, with its growth per row', () => {
    const sink = { latencyMs: 0, bandwidthMbit: null, sinkMBps: 2 };
    const bound = (verdict: 'bounded' | 'grows', growthBytes: number) => ({ verdict, growthBytes, bytesPerRow: growthBytes / 1000, noiseFloorBytes: 4 * MiB, samples: 20 });
    const runs = [
      makeRun({ workload: 'export', strategy: 'iterator', scenarioId: 'export/knex/iterator@sink2MBps', library: 'knex', conditions: sink, memoryBound: bound('bounded', MiB) }),
      makeRun({ workload: 'export', strategy: 'keyset', scenarioId: 'export/knex/keyset@sink2MBps', library: 'knex', conditions: sink, memoryBound: bound('bounded', 0) }),
      makeRun({ workload: 'export', strategy: 'paginator', scenarioId: 'export/knex/paginator@sink2MBps', library: 'knex', conditions: sink, memoryBound: bound('grows', 20 * MiB), repeat: 1 }),
      makeRun({ workload: 'export', strategy: 'paginator', scenarioId: 'export/knex/paginator@sink2MBps', library: 'knex', conditions: sink, memoryBound: bound('grows', 30 * MiB), repeat: 2 }),
    ];
    const scenarios = ['iterator', 'keyset', 'paginator'].map((strategy) => makeScenario('knex', strategy, { workload: 'export', id: `export/knex/${strategy}@sink2MBps`, conditions: sink }));
    assert.deepEqual(slowConsumerSentences(makeResults(runs, { scenarios })), [
      'knex behind a 2 MB/s consumer: iterator and keyset stayed bounded; paginator (+30.0 MiB, 30.7 KiB per row) grew with the rows: it buffers what the consumer has not taken.',
    ]);
    assert.deepEqual(slowConsumerSentences(sweep()), []);
  });
});

describe('the charts of a swept condition', () => {
  it('plots each cell\'s medians against the latency, one line per cell without its conditions', () => {
    const results = sweep();
    assert.equal(sweeps(results, 'latency'), true);
    assert.equal(sweeps(results, 'batchSize'), false);
    const wall = dimensionRows(results, 'latency').filter((row) => row.metric === 'wall time, s');
    assert.deepEqual(
      wall.map((row) => [row.line, row.x, row.value]),
      [
        ['pg/iterator', 0, 0.9],
        ['pg/set-based', 0, 1],
        ['pg/iterator', 1, 9],
        ['pg/set-based', 1, 1.1],
      ],
    );
    const spec = JSON.stringify(dimensionSpec(results, 'latency'));
    assert.match(spec, /round trip added, ms/);
  });

  it('plots against the batch size when several were run', () => {
    const runs = [100, 1000].map((batchSize) => makeRun({ strategy: 'keyset', scenarioId: `backfill/pg/keyset[batchSize=${batchSize}]`, wallMs: 100_000 / batchSize }));
    const scenarios = [100, 1000].map((batchSize) => makeScenario('pg', 'keyset', { id: `backfill/pg/keyset[batchSize=${batchSize}]`, params: { batchSize } }));
    const results = makeResults(runs, { scenarios });
    assert.equal(sweeps(results, 'batchSize'), true);
    assert.deepEqual(
      dimensionRows(results, 'batchSize').filter((row) => row.metric === 'wall time, s').map((row) => [row.line, row.x, row.value]),
      [
        ['pg/keyset', 100, 1],
        ['pg/keyset', 1000, 0.1],
      ],
    );
  });
});

describe('the batch size the answer recommends', () => {
  it('names, per library and strategy, the fastest batch size within the limit among those tried', () => {
    const sizes = [100, 1000, 10000];
    // Faster with bigger batches; 10,000 rows per batch needs 300 MiB.
    const runs = sizes.map((batchSize) =>
      makeRun({ strategy: 'keyset', scenarioId: `backfill/pg/keyset[batchSize=${batchSize}]`, wallMs: 100_000 / batchSize + 100, peakRssBytes: (batchSize === 10000 ? 300 : 80) * MiB }),
    );
    const scenarios = sizes.map((batchSize) => makeScenario('pg', 'keyset', { id: `backfill/pg/keyset[batchSize=${batchSize}]`, params: { batchSize } }));
    const unlimited = buildAnswer(makeResults(runs, { scenarios }));
    assert.equal(unlimited.workloads[0]!.sentences.at(-1), 'pg/keyset: batch size 10,000 is the fastest of 100, 1,000, 10,000 (110 ms, 300.0 MiB).');
    const limited = makeResults(runs, { scenarios });
    limited.context.options.memoryLimitBytes = 200 * MiB;
    assert.equal(buildAnswer(limited).workloads[0]!.sentences.at(-1), 'pg/keyset: batch size 1,000 is the fastest that fits in 200.0 MiB of 100, 1,000, 10,000 (200 ms, 80.0 MiB).');
  });
});

describe('growth never mixes conditions', () => {
  it('fits a cell at 1 ms on its own runs: linear time on localhost and at 1 ms, each with its own slope', () => {
    const runs = [1000, 2000, 4000].flatMap((tableRows) => [
      makeRun({ strategy: 'iterator', tableRows, wallMs: tableRows * 0.2 }),
      makeRun({ strategy: 'iterator', scenarioId: 'backfill/pg/iterator@1ms', tableRows, wallMs: tableRows * 1.2, conditions: oneMs }),
    ]);
    const entries = growthEntries(makeResults(runs)).filter((entry) => entry.metric === 'wallMs');
    assert.deepEqual(entries.map((entry) => entry.scenarioId).sort(), ['backfill/pg/iterator', 'backfill/pg/iterator@1ms']);
    const byId = new Map(entries.map((entry) => [entry.scenarioId, entry]));
    assert.deepEqual(byId.get('backfill/pg/iterator')!.sizes, [1000, 2000, 4000]);
    assert.deepEqual(byId.get('backfill/pg/iterator@1ms')!.medians, [1200, 2400, 4800]);
  });
});
