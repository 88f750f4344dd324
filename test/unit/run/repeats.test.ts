import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adaptiveVerdict, DEFAULT_ADAPTIVE_REPEATS, repeatDecision } from '../../../harness/run/repeats.js';
import type { RunStatus } from '../../../harness/results.js';
import { makeRun } from '../../support/fixtures.js';

const MiB = 1024 * 1024;
const policy = DEFAULT_ADAPTIVE_REPEATS;
const runs = (...peaks: Array<number | null>) => peaks.map((peak) => ({ status: 'ok' as RunStatus, peakRssBytes: peak === null ? null : peak * MiB }));
const ended = (...statuses: RunStatus[]) => statuses.map((status) => ({ status, peakRssBytes: 100 * MiB }));

describe('adaptiveVerdict', () => {
  it('always runs the first two', () => {
    assert.deepEqual(adaptiveVerdict([], policy), { more: true, reason: '0 of at least 2 runs' });
    assert.deepEqual(adaptiveVerdict(runs(100), policy), { more: true, reason: '1 of at least 2 runs' });
  });

  it('stops at two whose peaks agree within 3 %, or within 1 MiB', () => {
    assert.deepEqual(adaptiveVerdict(runs(100, 103), policy), { more: false, reason: 'peak RSS of the 2 runs within 3.0 % (noise floor 3 %)' });
    assert.deepEqual(adaptiveVerdict(runs(20, 20.9), policy), { more: false, reason: 'peak RSS of the 2 runs within 4.5 % (noise floor 3 %)' });
  });

  it('runs a third when they disagree, and says by how much', () => {
    assert.deepEqual(adaptiveVerdict(runs(100, 103.5), policy), { more: true, reason: 'peak RSS 3.5 % apart (noise floor 3 %)' });
    assert.deepEqual(adaptiveVerdict(runs(116.8, 133.1), policy), { more: true, reason: 'peak RSS 14.0 % apart (noise floor 3 %)' });
  });

  it('stops at the most, saying the runs still disagreed', () => {
    assert.deepEqual(adaptiveVerdict(runs(116.8, 133.1, 136.3), policy), { more: false, reason: 'peak RSS 16.7 % apart (noise floor 3 %); stopped at the most, 3' });
    assert.deepEqual(adaptiveVerdict(runs(100, 110, 101), policy).more, false);
  });

  it('stops when every run ended the same way without ok, and runs again when they ended differently', () => {
    assert.deepEqual(adaptiveVerdict(ended('crashed', 'crashed'), policy), { more: false, reason: 'every run ended crashed' });
    assert.deepEqual(adaptiveVerdict(ended('ok', 'timed-out'), policy), { more: true, reason: 'runs ended differently (ok, timed-out)' });
    assert.deepEqual(adaptiveVerdict([...runs(100), { status: 'ok', peakRssBytes: null }], policy).more, false, 'an ok run without a peak cannot agree, but it ended like the other');
  });
});

describe('repeatDecision', () => {
  it('records the exact count, or the adaptive reason', () => {
    const made = [makeRun({ repeat: 1, peakRssBytes: 100 * MiB }), makeRun({ repeat: 2, peakRssBytes: 101 * MiB })];
    assert.deepEqual(repeatDecision('backfill/pg/keyset', 1000, made, null, 2), { scenarioId: 'backfill/pg/keyset', tableRows: 1000, runs: 2, policy: 'exact', reason: '--repeat 2' });
    assert.deepEqual(repeatDecision('backfill/pg/keyset', 1000, made.slice(0, 1), null, 2).reason, '--repeat 2, cut short after 1');
    assert.deepEqual(repeatDecision('backfill/pg/keyset', 1000, made, policy, 3), { scenarioId: 'backfill/pg/keyset', tableRows: 1000, runs: 2, policy: 'adaptive', reason: 'peak RSS of the 2 runs within 1.0 % (noise floor 3 %)' });
  });
});
