/**
 * A whole benchmark's worth of made-up results for the report tests: four libraries, most
 * strategies, repeats, runs that failed every way a run can fail, unsupported and emulated
 * cells, full loads that dwarf the rest, and hostile strings wherever results carry free text.
 * Deterministic (seeded), so tests can rely on its shape; tests never rely on its numbers.
 */
import type { HeapSample, LibraryName, PhaseEvent, RssSample, RunResult, RunStatus, ScenarioInfo, StrategyName } from '../../../harness/results.js';
import { makeResults, makeRun, makeScenario } from '../../support/fixtures.js';

const MiB = 1024 * 1024;

/** Markup that must never become markup. */
export const HOSTILE = '<img src=x onerror=alert(1)>';
/** A string that would end an inline script. */
export const HOSTILE_SCRIPT = '</script><script>alert(2)</script>';

export const RAN: ReadonlyArray<readonly [LibraryName, StrategyName[]]> = [
  ['pg', ['full-load', 'iterator', 'iterator-bulk', 'paginator', 'paginator-bulk', 'server-cursor', 'keyset', 'narrow', 'set-based']],
  ['knex', ['full-load', 'iterator', 'paginator', 'paginator-bulk', 'server-cursor', 'keyset', 'set-based']],
  ['typeorm', ['full-load', 'iterator', 'paginator', 'paginator-bulk', 'keyset', 'set-based']],
  ['prisma', ['full-load', 'paginator', 'paginator-bulk', 'keyset', 'narrow', 'set-based']],
];

export const UNSUPPORTED: ReadonlyArray<readonly [LibraryName, StrategyName, string]> = [
  ['typeorm', 'server-cursor', 'typeorm streams through pg-query-stream with a fixed batch; no cursor API of its own'],
  ['prisma', 'iterator', 'prisma has no streaming API'],
  ['prisma', 'server-cursor', `prisma has no cursor API ${HOSTILE}`],
];

/** Scenarios whose every run failed, and single failed repeats: `scenario#repeat` → status. */
export const FAILURES: Readonly<Record<string, RunStatus>> = {
  'backfill/knex/full-load#1': 'memory-exceeded',
  'backfill/knex/full-load#2': 'memory-exceeded',
  'backfill/knex/full-load#3': 'memory-exceeded',
  'backfill/typeorm/iterator#2': 'crashed',
  'backfill/prisma/paginator#3': 'timed-out',
  'backfill/pg/narrow#1': 'verify-failed',
};

const FULL_LOAD_PEAK_MIB: Partial<Record<LibraryName, number>> = { pg: 1200, typeorm: 2400, prisma: 1800, knex: 1600 };
const BASELINE_MIB: Partial<Record<LibraryName, number>> = { pg: 48, knex: 58, typeorm: 72, prisma: 95 };
const MEMORY_LIMIT_BYTES = 1536 * MiB;
const ROWS = 100_000;
const BATCH = 1000;

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}

/** How long a strategy takes relative to the others (LIMIT/OFFSET the slowest). */
const DURATION_FACTOR: Partial<Record<StrategyName, number>> = {
  'full-load': 0.6,
  iterator: 1,
  'iterator-bulk': 0.7,
  paginator: 1.5,
  'paginator-bulk': 1.2,
  'server-cursor': 0.9,
  keyset: 0.8,
  narrow: 0.7,
  'set-based': 0.3,
};

/** Fraction of rows done at fraction `x` of the work: LIMIT/OFFSET slows down as pages get deeper. */
function progressAt(strategy: StrategyName, x: number): number {
  if (strategy === 'set-based') return x >= 1 ? 1 : 0;
  if (strategy === 'paginator' || strategy === 'paginator-bulk') return Math.sqrt(x);
  return x;
}

function sampleRun(library: LibraryName, strategy: StrategyName, repeat: number, samplesPerRun: number): RunResult {
  const key = `backfill/${library}/${strategy}#${repeat}`;
  const random = seededRandom(hash(key));
  const status: RunStatus = FAILURES[key] ?? 'ok';
  const intervalMs = 10;
  const count = Math.max(20, Math.round(samplesPerRun * (DURATION_FACTOR[strategy] ?? 1) * (0.95 + random() * 0.1)));
  const durationMs = count * intervalMs;
  const readyMs = Math.round(durationMs * 0.08);
  const fullLoad = strategy === 'full-load';
  const firstRowMs = fullLoad ? Math.round(durationMs * 0.55) : readyMs + 15;
  const doneMs = Math.round(durationMs * 0.95);
  const baseline = BASELINE_MIB[library] ?? 60;
  const peakMib = fullLoad ? (FULL_LOAD_PEAK_MIB[library] ?? 1000) : baseline + (strategy === 'set-based' ? 4 : strategy === 'iterator' ? 140 : 30 + random() * 40);
  const endMs = status === 'memory-exceeded' ? Math.round(durationMs * 0.5) : status === 'crashed' ? Math.round(durationMs * 0.4) : durationMs;

  const rssMibAt = (tMs: number): number => {
    if (tMs < readyMs) return baseline * (0.5 + (0.5 * tMs) / readyMs);
    if (fullLoad) {
      const rise = Math.min(1, (tMs - readyMs) / (firstRowMs - readyMs));
      return baseline + (peakMib - baseline) * rise;
    }
    const ramp = Math.min(1, (tMs - readyMs) / 200);
    const wave = strategy === 'iterator' ? (tMs - readyMs) / (doneMs - readyMs) : 0.85 + 0.15 * Math.sin(tMs / 37);
    return baseline + (peakMib - baseline) * ramp * Math.min(1, wave);
  };

  const samples: RssSample[] = [];
  const heapSamples: HeapSample[] = [];
  for (let tMs = 0; tMs <= endMs; tMs += intervalMs) {
    const rss = rssMibAt(tMs) * (1 + (random() - 0.5) * 0.01);
    samples.push({ tMs, rssBytes: Math.round(rss * MiB) });
    if (tMs % (2 * intervalMs) === 0 && tMs >= readyMs) {
      const x = Math.min(1, Math.max(0, (tMs - firstRowMs) / (doneMs - firstRowMs)));
      const heapUsed = (8 + 0.6 * (rss - baseline) * (0.7 + 0.3 * random())) * MiB;
      heapSamples.push({
        tMs,
        heapUsedBytes: Math.round(heapUsed),
        heapTotalBytes: Math.round(heapUsed * 1.3),
        externalBytes: 2 * MiB,
        arrayBuffersBytes: MiB,
        rows: tMs < firstRowMs ? 0 : Math.round(ROWS * progressAt(strategy, x)),
      });
    }
  }
  const finished = status === 'ok' || status === 'verify-failed';
  const events: PhaseEvent[] = [
    { phase: 'spawned', tMs: 0 },
    { phase: 'ready', tMs: readyMs },
    ...(firstRowMs < endMs ? [{ phase: 'first-row' as const, tMs: firstRowMs }] : []),
    ...(finished ? [{ phase: 'done' as const, tMs: doneMs }] : []),
    { phase: 'exited', tMs: endMs },
  ];
  const sampledPeak = Math.max(...samples.map((sample) => sample.rssBytes));
  const heapPeak = heapSamples.length > 0 ? Math.max(...heapSamples.map((sample) => sample.heapUsedBytes)) : null;
  const queries = strategy === 'set-based' ? 1 : strategy.startsWith('paginator') || strategy === 'keyset' ? ROWS / BATCH + 1 : 2;
  const run = makeRun({
    library,
    strategy,
    repeat,
    status,
    rows: finished ? ROWS : Math.round(ROWS * 0.4),
    peakRssBytes: status === 'crashed' && repeat === 2 ? null : sampledPeak + Math.round(random() * 3 * MiB),
    peakRssSource: status === 'crashed' ? 'none' : 'vmhwm',
    sampledPeakRssBytes: sampledPeak,
    peakHeapUsedBytes: heapPeak,
    baselineRssBytes: Math.round(baseline * MiB),
    wallMs: endMs,
    workMs: finished ? doneMs - readyMs : null,
    firstRowMs: firstRowMs < endMs ? firstRowMs - readyMs : null,
    queries: finished ? queries : null,
    connections: strategy === 'server-cursor' || strategy === 'iterator' ? 2 : 1,
    verify: finished ? { checkedRows: ROWS, mismatches: status === 'verify-failed' ? 250 : 0 } : null,
    events,
    samples,
    heapSamples,
  });
  if (status === 'memory-exceeded') {
    run.failure = { message: `RSS passed the memory limit of 1536 MiB; killed`, signal: 'SIGKILL', exitCode: null };
  } else if (status === 'crashed') {
    run.failure = { message: `TypeError: cannot read ${HOSTILE}`, exitCode: 1, signal: null, stderrTail: `at Object.<anonymous> ${HOSTILE_SCRIPT}\n  at next (file.js:1:1)` };
  } else if (status === 'timed-out') {
    run.failure = { message: 'ran past the timeout of 600 s; killed', signal: 'SIGTERM', exitCode: null };
  } else if (status === 'verify-failed') {
    run.failure = { message: '250 rows wrong or missing' };
  }
  return run;
}

export interface SampleOptions {
  /** Roughly how many RSS samples an average run has (heap samples: half as many). */
  samplesPerRun?: number;
  repeats?: number;
}

/** The sample benchmark: 28 scenarios run `repeats` times, 3 unsupported cells, several failures. */
export function sampleResults(options: SampleOptions = {}) {
  const samplesPerRun = options.samplesPerRun ?? 60;
  const repeats = options.repeats ?? 3;
  const runs: RunResult[] = [];
  const scenarios: ScenarioInfo[] = [];
  for (const [library, strategies] of RAN) {
    for (const strategy of strategies) {
      const emulated = library === 'knex' && strategy === 'server-cursor';
      scenarios.push(
        makeScenario(library, strategy, {
          support: emulated ? 'emulated' : 'native',
          how: emulated ? `raw DECLARE/FETCH through knex.raw inside a transaction ${HOSTILE}` : `${library} ${strategy} over the whole table`,
          ...(library === 'typeorm' && strategy === 'iterator' ? { notes: ['typeorm fixes its stream batch at 100 rows'] } : {}),
        }),
      );
      for (let repeat = 1; repeat <= repeats; repeat++) runs.push(sampleRun(library, strategy, repeat, samplesPerRun));
    }
  }
  for (const [library, strategy, reason] of UNSUPPORTED) {
    scenarios.push(makeScenario(library, strategy, { support: 'unsupported', unsupportedReason: reason, how: '' }));
  }
  const base = makeResults(runs);
  return makeResults(runs, {
    scenarios,
    context: {
      ...base.context,
      libraryVersions: { pg: '8.23.1', knex: '3.3.0', typeorm: '1.1.1', prisma: `7.10.0${HOSTILE}`, 'pg-cursor': '2.22.0' },
      cpu: { model: `Test CPU ${HOSTILE}`, cores: 8 },
      options: {
        ...base.context.options,
        rows: [ROWS],
        batchSize: BATCH,
        repeat: repeats,
        memoryLimitBytes: MEMORY_LIMIT_BYTES,
        libraries: ['pg', 'knex', 'typeorm', 'prisma'],
        strategies: ['full-load', 'iterator', 'iterator-bulk', 'paginator', 'paginator-bulk', 'server-cursor', 'keyset', 'narrow', 'set-based'],
      },
      fairnessNotes: [...base.context.fairnessNotes, `A note with markup ${HOSTILE}`],
    },
  });
}

/** Every scenario id the summary table must list. */
export function listedIds(): string[] {
  return [...RAN.flatMap(([library, strategies]) => strategies.map((strategy) => `backfill/${library}/${strategy}`)), ...UNSUPPORTED.map(([l, s]) => `backfill/${l}/${s}`)];
}
