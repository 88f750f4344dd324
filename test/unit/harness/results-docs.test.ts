import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { makeResults, makeRun } from '../../support/fixtures.js';

const docsPath = fileURLToPath(new URL('../../../../docs/results.md', import.meta.url));

/** Every key that occurs anywhere in `value` (objects inside arrays included). */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysOf(inner, into);
    }
  }
  return into;
}

test('docs/results.md documents every field results.json can hold', () => {
  const docs = readFileSync(docsPath, 'utf8');
  const results = makeResults([
    makeRun({ overheadMs: 900, shard: 2, conditions: { latencyMs: 1, bandwidthMbit: 100, sinkMBps: 2 }, proxyCpuMs: 120, variant: 'old', memoryBound: { verdict: 'grows', growthBytes: 1, bytesPerRow: 1, noiseFloorBytes: 1, samples: 9 } }),
    makeRun({
      status: 'memory-exceeded',
      verify: { checkedRows: 10, mismatches: 1, detail: 'line 3' },
      failure: { message: 'killed', exitCode: null, signal: 'SIGKILL', stderrTail: '', reachedRows: 5, atMs: 9 },
    }),
  ]);
  results.scenarios.push({ ...results.scenarios[0]!, notes: ['a note'], unsupportedReason: 'why', conditions: { latencyMs: 1, bandwidthMbit: null }, baseId: 'backfill/pg/full-load', variant: 'old' });
  results.context.variants = [{ label: 'old', packages: [{ name: 'pg', version: '8.11.3' }], resolved: { pg: '8.11.3' }, reused: true }];
  results.context.autoUnresolved = ['backfill/pg/full-load at 1000 rows'];
  results.context.options.autoResolve = { tolerancePercent: 3, timeoutMs: 600_000, firstRounds: 3 };
  results.context.options.variants = [{ label: 'old', packages: [{ name: 'pg', version: '8.11.3' }] }];
  results.variantComparisons = [
    { scenarioId: 'backfill/pg/full-load', tableRows: 1000, base: 'old', head: 'new', differences: [{ metric: 'wallMs', kind: 'relative', estimate: 0.1, low: 0.05, high: 0.15, pairs: 5, verdict: 'higher' }] },
  ];
  Object.assign(results.context.options, { batchSizes: [100, 1000], latencies: [0, 1], bandwidthMbit: 100, sinkMBps: 2 });
  results.context.network = [
    { mechanism: 'tcp-delay-proxy', latencyMs: 1, bandwidthMbit: 100, calibration: { askedMs: 1, baselineMs: 0.1, proxyDelayMs: 0.6, measuredMs: 1.1, steps: 3, samples: 200 } },
  ];
  results.context.options.timing = { iterations: 10, warmupIterations: 2, budgetMs: 60_000 };
  results.timings.push({
    scenarioId: 'backfill/pg/full-load',
    workload: 'backfill',
    library: 'pg',
    strategy: 'full-load',
    scenarioVersion: 1,
    tableRows: 1000,
    status: 'crashed',
    samples: 1,
    warmupIterations: 2,
    meanMs: 1,
    sdMs: 0,
    moeMs: 0,
    rme: 0,
    p50Ms: 1,
    p75Ms: 1,
    p99Ms: 1,
    minMs: 1,
    maxMs: 1,
    throughputPerSecond: 1000,
    iterationsMs: [1],
    iterationQueries: [1],
    iterationRows: [1000],
    budgetMs: 60_000,
    budgetReached: false,
    verify: null,
    failure: { message: 'x' },
    durationMs: 5000,
    shard: 2,
  });
  results.context.hostname = 'runner-1';
  results.context.lowLatency = { held: true, detail: 'held' };
  results.context.options.adaptiveRepeats = { min: 2, max: 3, tolerancePercent: 3, floorBytes: 1 };
  results.repeats = [{ scenarioId: 'backfill/pg/full-load', tableRows: 1000, runs: 2, policy: 'adaptive', reason: 'agreed' }];
  results.context.shard = { index: 2, count: 4, basis: 'split by expected duration', units: [{ key: 'backfill/pg/full-load@1000', shard: 2, expectedMs: 10, source: 'estimate' }] };
  results.context.merged = {
    count: 4,
    shards: [{ index: 2, source: 'shard-2', hostname: 'runner-1', os: results.context.os, cpu: results.context.cpu, totalMemoryBytes: 1, nodeVersion: 'v20', postgresVersion: '18', lowLatencyHeld: true, startedAt: 'a', finishedAt: null, runs: 1 }],
    differentMachines: false,
    incomplete: { missingShards: [1], missingUnits: ['backfill/pg/full-load@1000'] },
  };
  results.growth.push({
    scenarioId: 'backfill/pg/full-load',
    workload: 'backfill',
    metric: 'peakRssBytes',
    class: 'linear',
    reason: 'grows',
    sizes: [1, 2],
    medians: [1, 2],
    fixed: 0,
    perRow: 1,
    r2: 1,
    exponent: 1,
    projection: { rows: 10, value: 10, low: 9, high: 11, extrapolation: 5, farBeyond: false },
    verdict: 'fits',
    limitBytes: 100,
    limitReachedAtRows: null,
  });
  results.budgets.push({ scenarioId: 'backfill/pg/full-load', tableRows: 1000, metric: 'peakRss', limit: 1, median: 2, runs: 3, verdict: 'exceeded' });
  results.context.tables.push({ table: 'accounts', kind: 'existing', requestedRows: 10, rows: 5, availableRows: 5, template: 'rowmeter_tpl_x', reused: false, buildMs: 1, leftOut: ['a foreign key'] });
  results.scenarios.push({ ...results.scenarios[0]!, budget: { peakRssBytes: 1, peakHeapBytes: null, retainedBytes: null, wallTimeMs: null } });
  const undocumented = [...keysOf(results)]
    // Keys that are data (library names in libraryVersions), not fields.
    .filter((key) => !Object.keys(results.context.libraryVersions).includes(key))
    .filter((key) => !docs.includes(`\`${key}\``));
  assert.deepEqual(undocumented, []);
});
