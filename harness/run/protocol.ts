/**
 * The parent/child protocol, all of it.
 *
 * The parent (harness/run/runner.ts) spawns one child (harness/run/child.ts, plain compiled
 * JavaScript) per run with an IPC channel and passes a {@link ChildConfig} as JSON in the
 * `ROWMETER_CHILD_CONFIG` environment variable. The child then only talks, the parent only
 * listens; the parent never writes to the channel, so nothing it does can perturb the run.
 *
 * The child sends, in this order:
 *   1. `ready`      — imports loaded and connected, before the first query: the idle baseline.
 *   2. `first-row`  — at most once, when the scenario hands its first row to user code.
 *   3. `sample`     — every `heapIntervalMs`: V8 heap figures and rows processed so far.
 *   4. `done`       — the work finished and connections are closed; carries the totals, the
 *                     kernel's peak (read here, before any verification) and the retained heap.
 *   5. `verified`   — only when asked to (`verifyInChild`) and the scenario has `verify`: its outcome.
 * or, at any point, `error` (then exits with code 1). A child that exits without `done` has
 * crashed; one that never exits is killed by the parent after the timeout.
 *
 * Every message carries `v` = {@link PROTOCOL_VERSION}; the parent rejects other versions,
 * so a stale build fails loudly rather than being misread.
 */

import type { ParamValue, VerifyOutcome, Workload } from '../results.js';

export const PROTOCOL_VERSION = 5;
export const CHILD_CONFIG_ENV = 'ROWMETER_CHILD_CONFIG';

export interface ChildConfig {
  v: typeof PROTOCOL_VERSION;
  /** Absolute path of the compiled scenario module to import. */
  scenarioModule: string;
  databaseUrl: string;
  /** Rows per batch, page, fetch or bulk update. */
  batchSize: number;
  /** Rows in the seeded table (for `import`: rows to insert). */
  tableRows: number;
  payloadBytes: number;
  /** `export`: the file the run writes. */
  outputPath: string;
  /** Most queries a `pipelined` scenario keeps in flight. */
  pipelineDepth: number;
  /** Period of `sample` messages, in milliseconds. */
  heapIntervalMs: number;
  /** The table the scenario works on (`ctx.table`). */
  table: string;
  /** This cell's parameter values (`ctx.params`). */
  params: Record<string, ParamValue>;
  /** `--sink-rate` in bytes per second (`ctx.createSink()`); null for none. */
  sinkBytesPerSecond: number | null;
  /** Call the scenario's own `verify` after `done` (user scenarios; built-in cells are checked by the harness). */
  verifyInChild: boolean;
  /** Set for a warm timing child (harness/run/timing-child.ts): what to time and how. */
  timing?: TimingChildConfig;
}

/** What a warm timing child does: tinybench iterations of the whole job, the database reset between them. */
export interface TimingChildConfig {
  workload: Workload;
  iterations: number;
  warmupIterations: number;
  /** Iterations stop starting once this much time has passed (resets included), in ms. */
  budgetMs: number;
}

/** What a warm timing child reports once its iterations are done. */
export interface TimingReport {
  state: 'completed' | 'budget-reached' | 'errored';
  /** The task's error, for `errored`. */
  error?: string;
  warmupIterations: number;
  /** Every measured iteration's time, ms, ascending. */
  samplesMs: number[];
  meanMs: number | null;
  sdMs: number | null;
  moeMs: number | null;
  rme: number | null;
  p50Ms: number | null;
  p75Ms: number | null;
  p99Ms: number | null;
  minMs: number | null;
  maxMs: number | null;
  throughputPerSecond: number | null;
  iterationQueries: number[];
  iterationRows: number[];
}

export interface HeapFigures {
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  rssBytes: number;
}

export type ChildMessage =
  | { v: typeof PROTOCOL_VERSION; type: 'ready'; heap: HeapFigures }
  | { v: typeof PROTOCOL_VERSION; type: 'first-row' }
  | { v: typeof PROTOCOL_VERSION; type: 'sample'; heap: HeapFigures; rows: number }
  | {
      v: typeof PROTOCOL_VERSION;
      type: 'done';
      heap: HeapFigures;
      rows: number;
      /** `pg.Client.prototype.query` calls after `ready`. */
      queries: number;
      /** `pg.Client.prototype.connect` calls, setup included. */
      connections: number;
      /** Kernel high-water mark of the child's RSS (`VmHWM`), or null off Linux. */
      vmHwmBytes: number | null;
      /** `getrusage` max RSS in bytes. */
      maxRssBytes: number;
      /** Heap used after close and a full GC minus heap used before setup (not collected: see child.ts); null without `--expose-gc`. */
      retainedBytes: number | null;
    }
  | {
      v: typeof PROTOCOL_VERSION;
      type: 'verified';
      /** What the scenario's `verify` found; null when it threw ({@link error}). */
      outcome: VerifyOutcome | null;
      /** The message `verify` threw. */
      error?: string;
    }
  | { v: typeof PROTOCOL_VERSION; type: 'timing'; report: TimingReport }
  | { v: typeof PROTOCOL_VERSION; type: 'error'; message: string };

const MESSAGE_TYPES = new Set(['ready', 'first-row', 'sample', 'done', 'verified', 'timing', 'error']);

/** Narrows an IPC payload to a {@link ChildMessage}, or explains why it is not one. */
export function parseChildMessage(payload: unknown): ChildMessage | { invalid: string } {
  if (typeof payload !== 'object' || payload === null) {
    return { invalid: `expected an object, got ${typeof payload}` };
  }
  const record = payload as Record<string, unknown>;
  if (record.v !== PROTOCOL_VERSION) {
    return { invalid: `protocol version ${String(record.v)}, expected ${PROTOCOL_VERSION} (rebuild with \`npm run build\`)` };
  }
  if (typeof record.type !== 'string' || !MESSAGE_TYPES.has(record.type)) {
    return { invalid: `unknown message type ${JSON.stringify(record.type)}` };
  }
  return payload as ChildMessage;
}
