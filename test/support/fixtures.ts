import {
  SCHEMA_VERSION,
  builtinScenarioFields,
  scenarioIdOf,
  type BenchmarkResults,
  type LibraryName,
  type RunResult,
  type ScenarioInfo,
  type StrategyName,
  type Workload,
} from '../../harness/results.js';

const MiB = 1024 * 1024;

/** A plausible ok run; override any field. Time series are small but shaped like real ones. */
export function makeRun(overrides: Partial<RunResult> = {}): RunResult {
  const workload = (overrides.workload ?? 'backfill') as Workload;
  const library = (overrides.library ?? 'pg') as LibraryName;
  const strategy = (overrides.strategy ?? 'server-cursor') as StrategyName;
  const peak = overrides.peakRssBytes ?? 80 * MiB;
  const samples = Array.from({ length: 20 }, (_, index) => ({
    tMs: index * 10,
    rssBytes: Math.round(50 * MiB + ((peak ?? 80 * MiB) - 50 * MiB) * Math.min(1, index / 15)),
  }));
  const heapSamples = Array.from({ length: 10 }, (_, index) => ({
    tMs: index * 20,
    heapUsedBytes: 10 * MiB + index * MiB,
    heapTotalBytes: 20 * MiB + index * MiB,
    externalBytes: MiB,
    arrayBuffersBytes: MiB / 2,
    rows: index * 100,
  }));
  return {
    scenarioId: scenarioIdOf(workload, library, strategy),
    workload,
    library,
    strategy,
    scenarioVersion: 1,
    tableRows: 1000,
    repeat: 1,
    status: 'ok',
    rows: 1000,
    peakRssBytes: peak,
    peakRssSource: 'vmhwm',
    sampledPeakRssBytes: peak === null ? null : peak - MiB,
    peakHeapUsedBytes: 19 * MiB,
    baselineRssBytes: 50 * MiB,
    retainedBytes: 64 * 1024,
    wallMs: 200,
    workMs: 150,
    firstRowMs: 12,
    queries: 2,
    connections: 1,
    verify: { checkedRows: 1000, mismatches: 0 },
    server: { peakRssBytes: 30 * MiB, peakPrivateBytes: 6 * MiB, backends: 1, tempBytes: 0, unavailableReason: null },
    events: [
      { phase: 'spawned', tMs: 0 },
      { phase: 'ready', tMs: 40 },
      { phase: 'first-row', tMs: 52 },
      { phase: 'done', tMs: 190 },
      { phase: 'exited', tMs: 200 },
    ],
    samples,
    heapSamples,
    ...overrides,
  };
}

export function makeScenario(library: string, strategy: string, overrides: Partial<ScenarioInfo> = {}): ScenarioInfo {
  const workload = overrides.workload ?? 'backfill';
  const id = scenarioIdOf(workload as Workload, library as LibraryName, strategy as StrategyName);
  return {
    ...builtinScenarioFields(id, workload, library, strategy),
    id,
    workload,
    library,
    strategy,
    version: 1,
    support: 'native',
    how: `${library} does ${strategy}`,
    selected: true,
    ...overrides,
  };
}

/** Results holding the given runs; the scenario list is derived from them unless given. */
export function makeResults(runs: RunResult[], overrides: Partial<BenchmarkResults> = {}): BenchmarkResults {
  const scenarios = new Map<string, ScenarioInfo>();
  for (const run of runs) {
    if (!scenarios.has(run.scenarioId)) scenarios.set(run.scenarioId, makeScenario(run.library, run.strategy, { version: run.scenarioVersion, workload: run.workload }));
  }
  return {
    budgets: [],
    schemaVersion: SCHEMA_VERSION,
    tool: 'rowmeter',
    context: {
      rowmeterVersion: '0.1.0',
      nodeVersion: 'v20.20.2',
      postgresVersion: 'PostgreSQL 18.0',
      libraryVersions: { pg: '8.23.1', 'pg-cursor': '2.22.0' },
      os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
      cpu: { model: 'Test CPU', cores: 2 },
      totalMemoryBytes: 24 * 1024 * MiB,
      startedAt: '2026-11-24T12:00:00.000Z',
      finishedAt: '2026-11-24T12:05:00.000Z',
      tables: [],
      configFile: null,
      commit: 'abc1234',
      options: {
        rows: [1000],
        workloads: ['backfill'],
        pipelineDepth: 256,
        payloadBytes: 1024,
        batchSize: 100,
        repeat: 3,
        intervalMs: 10,
        timeoutMs: 600000,
        memoryLimitBytes: null,
        heapLimitBytes: null,
        projectRows: null,
        timing: null,
        libraries: ['pg'],
        strategies: ['server-cursor'],
        database: 'embedded',
      },
      seeds: [
        {
          rows: 1000,
          payloadBytes: 1024,
          averagePayloadBytes: 1020,
          seedMs: 300,
          rowsPerSecond: 3333,
          reused: false,
          tableBytes: 2 * MiB,
          seedVersion: 1,
        },
      ],
      fairnessNotes: ['One counted query is one call of pg.Client.prototype.query.'],
    },
    scenarios: [...scenarios.values()],
    runs,
    growth: [],
    timings: [],
    ...overrides,
  };
}
