import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exceededBudgetLines, judgeBudgets, resolveBudget } from '../../../harness/budget.js';
import { formatBudgetFigure } from '../../../harness/format.js';
import { makeRun, makeScenario } from '../../support/fixtures.js';

const MiB = 1024 * 1024;

describe('resolveBudget', () => {
  it('lays the scenario budget over the config default, key by key', () => {
    assert.deepEqual(resolveBudget({ peakRss: '100 MiB', wallTime: '30 s' }, { peakRss: '160 MiB', retained: '8 MiB' }), {
      peakRssBytes: 160 * MiB,
      peakHeapBytes: null,
      retainedBytes: 8 * MiB,
      wallTimeMs: 30_000,
    });
  });

  it('is null when neither sets anything', () => {
    assert.equal(resolveBudget(undefined, {}), null);
  });
});

describe('judgeBudgets', () => {
  const scenario = makeScenario('pg', 'keyset', { budget: { peakRssBytes: 100 * MiB, peakHeapBytes: null, retainedBytes: MiB, wallTimeMs: 250 } });
  const runs = [
    makeRun({ strategy: 'keyset', repeat: 1, peakRssBytes: 90 * MiB, retainedBytes: 2 * MiB, wallMs: 200 }),
    makeRun({ strategy: 'keyset', repeat: 2, peakRssBytes: 120 * MiB, retainedBytes: 3 * MiB, wallMs: 300 }),
    makeRun({ strategy: 'keyset', repeat: 3, peakRssBytes: 110 * MiB, retainedBytes: 0, wallMs: 240 }),
    // A failed run's figures never count.
    makeRun({ strategy: 'keyset', repeat: 4, status: 'crashed', peakRssBytes: 900 * MiB, wallMs: 10 }),
  ];

  it('judges each budget on the median of the ok runs', () => {
    assert.deepEqual(judgeBudgets([scenario], runs), [
      { scenarioId: 'backfill/pg/keyset', tableRows: 1000, metric: 'peakRss', limit: 100 * MiB, median: 110 * MiB, runs: 3, verdict: 'exceeded' },
      { scenarioId: 'backfill/pg/keyset', tableRows: 1000, metric: 'retained', limit: MiB, median: 2 * MiB, runs: 3, verdict: 'exceeded' },
      { scenarioId: 'backfill/pg/keyset', tableRows: 1000, metric: 'wallTime', limit: 250, median: 240, runs: 3, verdict: 'within' },
    ]);
  });

  it('says no-data when no ok run measured the figure, and judges each size apart', () => {
    const sized = [makeRun({ strategy: 'keyset', tableRows: 10, peakRssBytes: 50 * MiB }), makeRun({ strategy: 'keyset', tableRows: 20, status: 'timed-out' })];
    const verdicts = judgeBudgets([{ ...scenario, budget: { peakRssBytes: 100 * MiB, peakHeapBytes: null, retainedBytes: null, wallTimeMs: null } }], sized);
    assert.deepEqual(
      verdicts.map((verdict) => [verdict.tableRows, verdict.verdict, verdict.median]),
      [
        [10, 'within', 50 * MiB],
        [20, 'no-data', null],
      ],
    );
  });

  it('skips scenarios without a budget', () => {
    assert.deepEqual(judgeBudgets([makeScenario('pg', 'keyset')], runs), []);
  });

  it('writes one line per exceeded budget, with the figure and the limit', () => {
    assert.deepEqual(exceededBudgetLines(judgeBudgets([scenario], runs), formatBudgetFigure), [
      'backfill/pg/keyset at 1000 rows: peakRss 110.0 MiB over its budget of 100.0 MiB (median of 3 ok runs)',
      'backfill/pg/keyset at 1000 rows: retained 2.0 MiB over its budget of 1.0 MiB (median of 3 ok runs)',
    ]);
  });
});
