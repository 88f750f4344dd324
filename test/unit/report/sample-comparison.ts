import type { Comparison, MetricChange } from '../../../harness/compare/types.js';
import { HOSTILE } from './sample-results.js';

const MiB = 1024 * 1024;

function change(metric: MetricChange['metric'], base: number, head: number, verdict: MetricChange['verdict']): MetricChange {
  return {
    metric,
    baseMedian: base,
    headMedian: head,
    baseSpread: { median: base, min: base, max: base, count: 1 },
    headSpread: { median: head, min: head, max: head, count: 1 },
    changeAbs: head - base,
    changeRatio: (head - base) / base,
    threshold: metric === 'peakRssBytes' ? 0.1 : 0.25,
    withinNoise: verdict === 'unchanged',
    verdict,
  };
}

/** A comparison with one regression (listed second, with a hostile reason) and one unchanged scenario. */
export function sampleComparison(): Comparison {
  return {
    base: { source: 'base/results.json', startedAt: '2026-11-20T10:00:00.000Z', commit: 'b4se', complete: true },
    head: { source: `head/${HOSTILE}.json`, startedAt: '2026-11-24T12:00:00.000Z', commit: null, complete: false },
    thresholds: { maxMemoryRegression: 0.1, maxTimeRegression: 0.25 },
    settingsMismatch: null,
    regressions: 1,
    scenarios: [
      {
        scenarioId: 'backfill/pg/keyset',
        tableRows: 1000,
        memoryGrowth: null,
        warm: null,
        verdict: 'unchanged',
        reason: 'within the spread of the repeats',
        memory: change('peakRssBytes', 80 * MiB, 81 * MiB, 'unchanged'),
        time: null,
        baseStatuses: ['ok', 'ok'],
        headStatuses: ['ok', 'ok'],
        baseVersion: 1,
        headVersion: 1,
      },
      {
        scenarioId: 'backfill/pg/iterator',
        tableRows: 1000,
        memoryGrowth: null,
        warm: null,
        verdict: 'regressed',
        reason: `peak RSS +34 % ${HOSTILE}`,
        memory: change('peakRssBytes', 100 * MiB, 134 * MiB, 'regressed'),
        time: change('wallMs', 1000, 1100, 'unchanged'),
        baseStatuses: ['ok'],
        headStatuses: ['ok', 'crashed'],
        baseVersion: 1,
        headVersion: 1,
      },
    ],
  };
}
