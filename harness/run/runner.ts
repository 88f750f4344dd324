import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { CHILD_CONFIG_ENV, PROTOCOL_VERSION, parseChildMessage, type ChildConfig, type ChildMessage } from './protocol.js';
import type { HeapSample, ParamValue, PhaseEvent, RssSample, RunFailure, RunResult, RunStatus, ScenarioInfo, ServerMeasurement, VerifyOutcome } from '../results.js';
import { startServerMonitor, type ServerMonitor, type ServerMonitorOptions } from './server-memory.js';
import { MIN_PORTABLE_INTERVAL_MS, readProcessMemory } from './sampler.js';
import { guardProcess, releaseProcess } from './guard.js';
import { variantEnvironment, variantNodeArgs, type VariantRuntime } from '../variants/runtime.js';

const CHILD_ENTRY = fileURLToPath(new URL('./child.js', import.meta.url));
const STDERR_TAIL_CHARS = 2000;

export interface RunRequest {
  scenario: ScenarioInfo;
  /** Compiled module the child imports. */
  modulePath: string;
  repeat: number;
  /** URL of this run's own fresh database copy. */
  databaseUrl: string;
  /** Rows in the seeded table of this run. */
  tableRows: number;
  payloadBytes: number;
  /** `export`: the file the run writes. */
  outputPath: string;
  batchSize: number;
  /** `--sink-rate` in bytes per second (`ctx.createSink()`); null or absent for none. */
  sinkBytesPerSecond?: number | null;
  pipelineDepth: number;
  intervalMs: number;
  timeoutMs: number;
  memoryLimitBytes: number | null;
  /** `--max-old-space-size` for the child, in bytes; null for Node's default. */
  heapLimitBytes?: number | null;
  /** Where to watch the run's backends from (the server's side of memory); none: not measured. */
  serverMonitor?: ServerMonitorOptions;
  /**
   * Asked after a run that did not end ok: is the database server still there? Returns why it
   * is not (the run then is `database-lost`, not a failure of the scenario), or null.
   */
  checkDatabase?: () => Promise<string | null>;
  /**
   * rowmeter's own check of the database after the child finished, called only for a child
   * that reported `done`. Absent for a user's scenario: its own `verify` runs in the child
   * ({@link verifyInChild}), and without one an ok run is unverified (`verify` null).
   */
  verify?: () => Promise<VerifyOutcome>;
  /** Have the child call the scenario's own `verify` after `done`. */
  verifyInChild?: boolean;
  /** `ctx.table`; default the built-in seeded table. */
  table?: string;
  /** `ctx.params`; default none. */
  params?: Record<string, ParamValue>;
  /** Aborts the run (Ctrl-C): the child is killed. */
  signal?: AbortSignal;
  /** Rows processed so far, as the child reports them. */
  onProgress?: (rows: number) => void;
  /** A `--versions` variant: the child resolves its packages in the variant's folder. */
  variant?: VariantRuntime | null;
}

type DoneMessage = Extract<ChildMessage, { type: 'done' }>;
type VerifiedMessage = Extract<ChildMessage, { type: 'verified' }>;

/** The longest failure message kept: some libraries put the whole statement in it (knex: megabytes for a big insert). */
export const MAX_MESSAGE_CHARS = 600;

/**
 * A message cut to {@link MAX_MESSAGE_CHARS}, keeping its start and its end (where knex puts the
 * server's error, after the statement), with the number of characters left out.
 */
export function shortenMessage(message: string, maxChars = MAX_MESSAGE_CHARS): string {
  if (message.length <= maxChars) return message;
  const keep = Math.floor((maxChars - 40) / 2);
  return `${message.slice(0, keep)} … [${message.length - 2 * keep} characters left out] … ${message.slice(-keep)}`;
}

/** What V8 prints when a process dies of its heap limit (`--max-old-space-size`). */
const HEAP_OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit/;

/** True when a child's stderr says it died of V8's heap limit. */
export function diedOfHeapLimit(stderr: string): boolean {
  return HEAP_OUT_OF_MEMORY.test(stderr);
}

/**
 * The first error a `pg` client printed in a child's stderr (`error: terminating connection …`,
 * `Error: Connection terminated unexpectedly`): what the server, or the loss of it, told the run.
 */
export function serverMessageIn(stderr: string): string | null {
  const match = /(?:^|\n)\s*(?:error|Error): ([^\n]+)/.exec(stderr);
  return match?.[1]?.trim() ?? null;
}

/** The last `maxChars` characters of `text`, starting at a line boundary where possible. */
export function tail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text.trim();
  const cut = text.slice(-maxChars);
  const newline = cut.indexOf('\n');
  return (newline >= 0 ? cut.slice(newline + 1) : cut).trim();
}

/** The child's configuration, from the request (protocol.ts). */
function childConfigOf(request: RunRequest): ChildConfig {
  return {
    v: PROTOCOL_VERSION,
    scenarioModule: request.modulePath,
    databaseUrl: request.databaseUrl,
    batchSize: request.batchSize,
    sinkBytesPerSecond: request.sinkBytesPerSecond ?? null,
    tableRows: request.tableRows,
    payloadBytes: request.payloadBytes,
    outputPath: request.outputPath,
    pipelineDepth: request.pipelineDepth,
    heapIntervalMs: request.intervalMs,
    table: request.table ?? 'rowmeter_rows',
    params: request.params ?? {},
    verifyInChild: request.verifyInChild ?? false,
  };
}

function heapLimitMiBOf(request: RunRequest): number | null {
  return request.heapLimitBytes ? Math.max(1, Math.round(request.heapLimitBytes / (1024 * 1024))) : null;
}

/** The measured child: plain compiled JavaScript, stderr kept, killed with SIGKILL at the timeout or on cancel. */
function spawnChild(request: RunRequest) {
  const heapLimitMiB = heapLimitMiBOf(request);
  // --expose-gc: the child collects before measuring what the job retained (it only exposes gc()).
  return execa(process.execPath, ['--expose-gc', ...(heapLimitMiB ? [`--max-old-space-size=${heapLimitMiB}`] : []), ...variantNodeArgs(request.variant), CHILD_ENTRY], {
    env: { [CHILD_CONFIG_ENV]: JSON.stringify(childConfigOf(request)), ...variantEnvironment(request.variant) },
    ipc: true,
    serialization: 'json',
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true, ipc: false },
    reject: false,
    timeout: request.timeoutMs,
    killSignal: 'SIGKILL',
    cancelSignal: request.signal,
  });
}

type ReadyMessage = Extract<ChildMessage, { type: 'ready' }>;

/**
 * What one run shows while it lives: RSS read from outside (and the memory-limit kill), and the
 * child's own messages. Filled by {@link sampleOnce} and {@link handle}; read once the child exits.
 */
class RunObservation {
  readonly samples: RssSample[] = [];
  readonly heapSamples: HeapSample[] = [];
  readonly events: PhaseEvent[] = [{ phase: 'spawned', tMs: 0 }];
  ready: ReadyMessage | null = null;
  done: DoneMessage | null = null;
  verified: VerifiedMessage | null = null;
  reportedError: string | null = null;
  protocolError: string | null = null;
  lastHwmBytes: number | null = null;
  memoryExceeded = false;
  killedAtMs: number | null = null;
  rows = 0;
  private sampling = false;
  private readonly spawnedAt = performance.now();

  constructor(
    private readonly request: RunRequest,
    private readonly monitor: ServerMonitor | null,
    private readonly kill: () => void,
    private readonly exited: () => boolean,
  ) {}

  elapsed(): number {
    return performance.now() - this.spawnedAt;
  }

  /** One RSS reading of the child; kills it, like an OOM killer, past the memory limit. */
  async sampleOnce(pid: number | undefined): Promise<void> {
    if (this.sampling || pid === undefined) return;
    this.sampling = true;
    const tMs = this.elapsed();
    const memory = await readProcessMemory(pid);
    this.sampling = false;
    // After `done` the child only verifies: what that costs is not the job's memory.
    if (!memory || this.exited() || this.done !== null) return;
    this.samples.push({ tMs, rssBytes: memory.rssBytes });
    if (memory.hwmBytes !== null) this.lastHwmBytes = memory.hwmBytes;
    const limit = this.request.memoryLimitBytes;
    if (limit !== null && memory.rssBytes > limit && !this.memoryExceeded) {
      this.memoryExceeded = true;
      this.killedAtMs = tMs;
      this.kill();
    }
  }

  /** One IPC message of the child. */
  handle(payload: unknown): void {
    const message = parseChildMessage(payload);
    const tMs = this.elapsed();
    if ('invalid' in message) {
      this.protocolError ??= `invalid message from the child: ${message.invalid}`;
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = message;
        this.monitor?.sampleNow();
        this.events.push({ phase: 'ready', tMs });
        this.heapSamples.push({ tMs, ...withoutRss(message.heap), rows: 0 });
        break;
      case 'first-row':
        this.events.push({ phase: 'first-row', tMs });
        this.monitor?.sampleNow();
        break;
      case 'sample':
        this.progress(message.rows);
        this.heapSamples.push({ tMs, ...withoutRss(message.heap), rows: message.rows });
        break;
      case 'done':
        this.done = message;
        this.events.push({ phase: 'done', tMs });
        this.heapSamples.push({ tMs, ...withoutRss(message.heap), rows: message.rows });
        this.progress(message.rows);
        break;
      case 'verified':
        this.verified = message;
        break;
      case 'error':
        this.reportedError = shortenMessage(message.message);
        break;
    }
  }

  private progress(rows: number): void {
    this.rows = rows;
    this.request.onProgress?.(rows);
  }

  eventAt(phase: PhaseEvent['phase']): PhaseEvent | undefined {
    return this.events.find((event) => event.phase === phase);
  }
}

/** How the child ended, as execa reports it. */
interface ChildExit {
  exitCode?: number | undefined;
  signal?: string | undefined;
  timedOut: boolean;
  stderr: unknown;
}

interface Outcome {
  status: RunStatus;
  failure: RunFailure | undefined;
  verify: VerifyOutcome | null;
}

/** The status of a run that did not finish: killed by a limit, dead of its heap, or crashed. Null when it finished. */
function unfinishedOutcome(observed: RunObservation, exit: ChildExit, request: RunRequest, wallMs: number, stderrTail: string): Outcome | null {
  const stderr = typeof exit.stderr === 'string' ? exit.stderr : '';
  const rows = observed.rows;
  if (observed.memoryExceeded) {
    return {
      status: 'memory-exceeded',
      verify: null,
      failure: { message: `RSS passed the memory limit of ${request.memoryLimitBytes} bytes after ${rows} rows; killed`, signal: 'SIGKILL', stderrTail, reachedRows: rows, atMs: observed.killedAtMs ?? wallMs },
    };
  }
  if (exit.timedOut) {
    return { status: 'timed-out', verify: null, failure: { message: `Still running after ${request.timeoutMs} ms; killed`, signal: 'SIGKILL', stderrTail, reachedRows: rows, atMs: wallMs } };
  }
  const heapLimitMiB = heapLimitMiBOf(request);
  if (!observed.done && diedOfHeapLimit(stderr)) {
    return {
      status: 'heap-exceeded',
      verify: null,
      failure: { message: `JavaScript heap out of memory${heapLimitMiB ? ` (--max-old-space-size=${heapLimitMiB})` : ''} after ${rows} rows`, exitCode: exit.exitCode ?? null, signal: exit.signal ?? null, stderrTail, reachedRows: rows, atMs: wallMs },
    };
  }
  if (!observed.done || exit.exitCode !== 0 || observed.protocolError) {
    const cause = observed.reportedError ?? observed.protocolError ?? (exit.signal ? `killed by ${exit.signal}` : `exited with code ${String(exit.exitCode)} before reporting done`);
    return { status: 'crashed', verify: null, failure: { message: cause, exitCode: exit.exitCode ?? null, signal: exit.signal ?? null, stderrTail } };
  }
  return null;
}

/** A run that failed because the server went away is the environment's failure, not the scenario's. */
async function databaseLostOutcome(outcome: Outcome, request: RunRequest, rows: number, wallMs: number, stderrTail: string): Promise<Outcome> {
  if (outcome.status === 'ok' || outcome.status === 'memory-exceeded' || outcome.status === 'heap-exceeded' || !request.checkDatabase) return outcome;
  const lost = await request.checkDatabase();
  if (lost === null) return outcome;
  // What the server told the child (e.g. "terminating connection due to administrator command") is in its stderr.
  const told = serverMessageIn(stderrTail);
  const message = outcome.failure?.message;
  const runMessage = [message, told && !message?.includes(told) ? `the server said: ${told}` : null].filter(Boolean).join('; ');
  return { status: 'database-lost', verify: outcome.verify, failure: { message: `${lost}${runMessage ? ` (the run: ${runMessage})` : ''}`, stderrTail, reachedRows: rows, atMs: wallMs } };
}

/**
 * The peak from the kernel: the child reads its high-water mark at `done`, but lives on a little
 * after that; the parent's last reading covers that tail, and a child that never reached `done`.
 * Since Linux 6.2 RSS counters are per-CPU and read approximately, so a VmRSS reading can pass
 * the stored VmHWM by a few hundred KiB: the peak is the highest of all readings.
 */
function peakOf(observed: RunObservation): Pick<RunResult, 'peakRssBytes' | 'peakRssSource' | 'sampledPeakRssBytes'> {
  const finished = observed.done;
  const sampledPeakRssBytes = observed.samples.length > 0 ? Math.max(...observed.samples.map((sample) => sample.rssBytes)) : null;
  const hwmReadings = [finished?.vmHwmBytes ?? null, observed.lastHwmBytes].filter((value): value is number => value !== null);
  const kernelPeak = hwmReadings.length > 0 ? Math.max(...hwmReadings, sampledPeakRssBytes ?? 0) : null;
  return {
    peakRssBytes: kernelPeak ?? finished?.maxRssBytes ?? null,
    peakRssSource: kernelPeak !== null ? 'vmhwm' : finished ? 'getrusage' : 'none',
    sampledPeakRssBytes,
  };
}

/** The run's record, from what was observed and how it ended. */
function assembleResult(request: RunRequest, observed: RunObservation, outcome: Outcome, wallMs: number, server: ServerMeasurement | null): RunResult {
  const ready = observed.eventAt('ready');
  const done = observed.eventAt('done');
  const firstRow = observed.eventAt('first-row');
  const heapUsed = observed.heapSamples.map((sample) => sample.heapUsedBytes);
  const finished = observed.done;
  return {
    scenarioId: request.scenario.id,
    workload: request.scenario.workload,
    library: request.scenario.library,
    strategy: request.scenario.strategy,
    scenarioVersion: request.scenario.version,
    tableRows: request.tableRows,
    repeat: request.repeat,
    status: outcome.status,
    rows: observed.rows,
    ...peakOf(observed),
    peakHeapUsedBytes: heapUsed.length > 0 ? Math.max(...heapUsed) : null,
    baselineRssBytes: observed.ready?.heap.rssBytes ?? null,
    retainedBytes: finished?.retainedBytes ?? null,
    // A scenario that verifies itself does so after `done`, in the same process: that time is not the job's.
    wallMs: request.verifyInChild && done ? done.tMs : wallMs,
    workMs: ready && done ? done.tMs - ready.tMs : null,
    firstRowMs: ready && firstRow ? firstRow.tMs - ready.tMs : null,
    queries: finished?.queries ?? null,
    connections: finished?.connections ?? null,
    verify: outcome.verify,
    server,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
    events: observed.events,
    samples: observed.samples,
    heapSamples: observed.heapSamples,
  };
}

/**
 * Runs one scenario once in a fresh child process and measures it from outside (RSS) and
 * inside (V8 heap, phases, rows, queries): spawn → observe (sample and listen) → classify how it
 * ended → verify → record. Never throws for a failed run: crashes, time-outs, memory-limit kills
 * and wrong rows are recorded in the result's `status`.
 */
export async function runOnce(request: RunRequest): Promise<RunResult> {
  const monitor: ServerMonitor | null = request.serverMonitor ? await startServerMonitor(request.serverMonitor) : null;
  const child = spawnChild(request);
  guardProcess(child.pid);
  const observed = new RunObservation(request, monitor, () => child.kill('SIGKILL'), () => child.exitCode !== null);
  const samplePeriodMs = process.platform === 'linux' ? request.intervalMs : Math.max(request.intervalMs, MIN_PORTABLE_INTERVAL_MS);
  const sampler = setInterval(() => void observed.sampleOnce(child.pid), samplePeriodMs);
  void observed.sampleOnce(child.pid);
  const listening = (async () => {
    try {
      for await (const message of child.getEachMessage()) observed.handle(message);
    } catch {
      // The channel closes with the child; what it failed to send is judged by what arrived.
    }
  })();

  const exit = await child;
  const wallMs = observed.elapsed();
  releaseProcess(child.pid);
  clearInterval(sampler);
  await listening;
  const server: ServerMeasurement | null = monitor ? await monitor.stop() : null;
  observed.events.push({ phase: 'exited', tMs: wallMs });

  const stderrTail = tail(typeof exit.stderr === 'string' ? exit.stderr : '', STDERR_TAIL_CHARS);
  const outcome = unfinishedOutcome(observed, exit, request, wallMs, stderrTail) ?? (await verificationOf(request, observed.verified));
  return assembleResult(request, observed, await databaseLostOutcome(outcome, request, observed.rows, wallMs, stderrTail), wallMs, server);
}

/**
 * How a child that reported `done` did its job: rowmeter's own check (built-in cells), the
 * scenario's own `verify` (a user's), or nothing (ok, but unverified: `verify` null).
 */
async function verificationOf(request: RunRequest, childVerified: VerifiedMessage | null): Promise<{ status: RunStatus; verify: VerifyOutcome | null; failure: RunFailure | undefined }> {
  let verify: VerifyOutcome | null = null;
  try {
    if (request.verify) verify = await request.verify();
    else if (request.verifyInChild && childVerified) {
      if (childVerified.outcome === null) return { status: 'verify-failed', verify: null, failure: { message: `verify() threw: ${shortenMessage(childVerified.error ?? 'no message')}` } };
      verify = childVerified.outcome;
    } else if (request.verifyInChild) {
      return { status: 'verify-failed', verify: null, failure: { message: 'the child exited before reporting what verify() found' } };
    }
  } catch (error) {
    return { status: 'verify-failed', verify: null, failure: { message: `Verification could not run: ${error instanceof Error ? error.message : String(error)}` } };
  }
  if (verify === null || verify.mismatches === 0) return { status: 'ok', verify, failure: undefined };
  return { status: 'verify-failed', verify, failure: { message: `${verify.mismatches} of ${verify.checkedRows} rows are wrong after the run${verify.detail ? `: ${verify.detail}` : ''}` } };
}

function withoutRss(heap: { heapUsedBytes: number; heapTotalBytes: number; externalBytes: number; arrayBuffersBytes: number }): Omit<HeapSample, 'tMs' | 'rows'> {
  return {
    heapUsedBytes: heap.heapUsedBytes,
    heapTotalBytes: heap.heapTotalBytes,
    externalBytes: heap.externalBytes,
    arrayBuffersBytes: heap.arrayBuffersBytes,
  };
}
