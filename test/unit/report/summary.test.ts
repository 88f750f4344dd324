import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OUTLIER_FACTOR, listedScenarios, outlierScenarios, summarizeScenarios } from '../../../harness/report/summary.js';
import type { StrategyName } from '../../../harness/results.js';
import { makeResults, makeRun, makeScenario } from '../../support/fixtures.js';
import { listedIds, sampleResults } from './sample-results.js';

const MiB = 1024 * 1024;

function resultsWithPeaks(peaksMiB: Partial<Record<StrategyName, number>>) {
  const runs = Object.entries(peaksMiB).map(([strategy, peak]) => makeRun({ strategy: strategy as StrategyName, peakRssBytes: (peak ?? 0) * MiB }));
  return makeResults(runs);
}

describe('outlierScenarios', () => {
  it(`flags scenarios whose median peak exceeds ${OUTLIER_FACTOR}× the median of all medians`, () => {
    // medians 100, 110, 120, 130, 1000: the median of medians is 120, the limit 360.
    const results = resultsWithPeaks({ keyset: 100, 'server-cursor': 110, paginator: 120, iterator: 130, 'full-load': 1000 });
    assert.deepEqual([...outlierScenarios(summarizeScenarios(results))], ['backfill/pg/full-load']);
  });

  it('does not flag a scenario exactly at the limit', () => {
    const results = resultsWithPeaks({ keyset: 100, 'server-cursor': 100, 'full-load': 300 });
    assert.deepEqual([...outlierScenarios(summarizeScenarios(results))], []);
  });

  it('uses the median over the repeats, so one wild repeat does not make an outlier', () => {
    const runs = [
      makeRun({ strategy: 'keyset', peakRssBytes: 100 * MiB }),
      makeRun({ strategy: 'paginator', peakRssBytes: 100 * MiB }),
      ...[100, 105, 5000].map((peak, index) => makeRun({ strategy: 'iterator', repeat: index + 1, peakRssBytes: peak * MiB })),
    ];
    assert.deepEqual([...outlierScenarios(summarizeScenarios(makeResults(runs)))], []);
  });

  it('is empty with no peaks at all', () => {
    const results = makeResults([makeRun({ status: 'crashed', peakRssBytes: null })]);
    assert.equal(outlierScenarios(summarizeScenarios(results)).size, 0);
  });
});

describe('summarizeScenarios', () => {
  it('lists every scenario that ran and every unsupported cell asked for, in matrix order', () => {
    const results = sampleResults();
    const ids = summarizeScenarios(results).map((summary) => summary.scenario.id as string);
    assert.deepEqual([...ids].sort(), [...listedIds()].sort());
    assert.deepEqual(ids.slice(0, 2), ['backfill/pg/full-load', 'backfill/pg/iterator']);
    assert.ok(ids.indexOf('backfill/typeorm/server-cursor') > ids.indexOf('backfill/typeorm/paginator-bulk'));
  });

  it('leaves out unsupported cells of libraries that were not asked for, and lists runs without a scenario entry', () => {
    const results = makeResults([makeRun()], {
      scenarios: [makeScenario('prisma', 'server-cursor', { support: 'unsupported', unsupportedReason: 'no cursor', selected: false })],
    });
    assert.deepEqual(
      listedScenarios(results).map((scenario) => scenario.id),
      ['backfill/pg/server-cursor'],
    );
  });

  it('takes figures from ok runs, or from failed runs when none finished ok', () => {
    const runs = [
      makeRun({ repeat: 1, wallMs: 100 }),
      makeRun({ repeat: 2, wallMs: 300 }),
      makeRun({ repeat: 3, wallMs: 9000, status: 'timed-out' }),
      makeRun({ strategy: 'full-load', repeat: 1, status: 'memory-exceeded', wallMs: 50, peakRssBytes: 999 * MiB }),
    ];
    const [fullLoad, cursor] = summarizeScenarios(makeResults(runs));
    assert.equal(cursor?.basis, 'ok');
    assert.equal(cursor?.failedRuns, 1);
    assert.deepEqual(cursor?.wallMs, { median: 200, min: 100, max: 300, count: 2 });
    assert.equal(fullLoad?.basis, 'failed');
    assert.equal(fullLoad?.peakRssBytes?.median, 999 * MiB);
  });

  it('gives unsupported cells no runs and no figures', () => {
    const unsupported = summarizeScenarios(sampleResults()).find((summary) => summary.scenario.id === 'backfill/prisma/iterator');
    assert.equal(unsupported?.basis, 'none');
    assert.equal(unsupported?.runs.length, 0);
    assert.equal(unsupported?.peakRssBytes, null);
  });
});
