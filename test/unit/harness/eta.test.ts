import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateRemainingMs, estimateRunMs, type FinishedRun } from '../../../harness/run/eta.js';

const finished: FinishedRun[] = [
  { scenarioId: 'backfill/pg/full-load', tableRows: 1000, durationMs: 4000 },
  { scenarioId: 'backfill/pg/full-load', tableRows: 1000, durationMs: 6000 },
  { scenarioId: 'backfill/pg/set-based', tableRows: 1000, durationMs: 500 },
];

describe('estimateRunMs', () => {
  it('uses the same scenario at the same size first (the mean of its runs)', () => {
    assert.equal(estimateRunMs({ scenarioId: 'backfill/pg/full-load', tableRows: 1000 }, finished), 5000);
  });
  it('scales the same scenario from another size by the row count', () => {
    assert.equal(estimateRunMs({ scenarioId: 'backfill/pg/set-based', tableRows: 4000 }, finished), 2000);
  });
  it('falls back to the average run at that size, then to any run scaled', () => {
    assert.equal(estimateRunMs({ scenarioId: 'backfill/pg/keyset', tableRows: 1000 }, finished), (4000 + 6000 + 500) / 3);
    assert.equal(estimateRunMs({ scenarioId: 'backfill/pg/keyset', tableRows: 2000 }, finished), ((4000 + 6000 + 500) / 3) * 2);
  });
  it('knows nothing before the first run', () => {
    assert.equal(estimateRunMs({ scenarioId: 'backfill/pg/keyset', tableRows: 1000 }, []), null);
  });
});

describe('estimateRemainingMs', () => {
  it('adds every remaining run and every remaining seed at the rate seen', () => {
    const remaining = [
      { scenarioId: 'backfill/pg/full-load', tableRows: 1000 },
      { scenarioId: 'backfill/pg/set-based', tableRows: 1000 },
      { scenarioId: 'backfill/pg/full-load', tableRows: 10_000 },
    ];
    assert.equal(estimateRemainingMs({ remaining, finished, seeds: [{ rows: 10_000 }], seedRowsPerSecond: 5000 }), 5000 + 500 + 50_000 + 2000);
  });
  it('is null while a run cannot be estimated; seeds count only once a seeding rate was seen; 0 when nothing is left', () => {
    assert.equal(estimateRemainingMs({ remaining: [{ scenarioId: 'x', tableRows: 1 }], finished: [], seeds: [], seedRowsPerSecond: null }), null);
    assert.equal(estimateRemainingMs({ remaining: [{ scenarioId: 'backfill/pg/full-load', tableRows: 1000 }], finished, seeds: [{ rows: 5 }], seedRowsPerSecond: null }), 5000);
    assert.equal(estimateRemainingMs({ remaining: [], finished: [], seeds: [], seedRowsPerSecond: null }), 0);
  });
});
