import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { CHILD_CONFIG_ENV, PROTOCOL_VERSION, parseChildMessage, type ChildConfig, type ChildMessage } from './protocol.js';
import type { HeapSample, ParamValue, PhaseEvent, RssSample, RunFailure, RunResult, RunStatus, ScenarioInfo, ServerMeasurement, VerifyOutcome } from './results.js';
import { startServerMonitor, type ServerMonitor, type ServerMonitorOptions } from './server-memory.js';
import { MIN_PORTABLE_INTERVAL_MS, readProcessMemory } from './sampler.js';

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

/**
 * Runs one scenario once in a fresh child process and measures it from outside (RSS) and
 * inside (V8 heap, phases, rows, queries). Never throws for a failed run: crashes, time-outs,
 * memory-limit kills and wrong rows are recorded in the result's `status`.
 */
export async function runOnce(request: RunRequest): Promise<RunResult> {
  const config: ChildConfig = {
    v: PROTOCOL_VERSION,
    scenarioModule: request.modulePath,
    databaseUrl: request.databaseUrl,
    batchSize: request.batchSize,
    tableRows: request.tableRows,
    payloadBytes: request.payloadBytes,
    outputPath: request.outputPath,
    pipelineDepth: request.pipelineDepth,
    heapIntervalMs: request.intervalMs,
    table: request.table ?? 'rowmeter_rows',
    params: request.params ?? {},
    verifyInChild: request.verifyInChild ?? false,
  };
  const samples: RssSample[] = [];
  const heapSamples: HeapSample[] = [];
  const events: PhaseEvent[] = [{ phase: 'spawned', tMs: 0 }];
  let ready: Extract<ChildMessage, { type: 'ready' }> | null = null;
  let done: DoneMessage | null = null;
  let childVerified: VerifiedMessage | null = null;
  let reportedError: string | null = null;
  let protocolError: string | null = null;
  let lastHwmBytes: number | null = null;
  let memoryExceeded = false;
  let rows = 0;

  const monitor: ServerMonitor | null = request.serverMonitor ? await startServerMonitor(request.serverMonitor) : null;
  const heapLimitMiB = request.heapLimitBytes ? Math.max(1, Math.round(request.heapLimitBytes / (1024 * 1024))) : null;
  let killedAtMs: number | null = null;
  const spawnedAt = performance.now();
  const elapsed = (): number => performance.now() - spawnedAt;
  // --expose-gc: the child collects before measuring what the job retained (it only exposes gc()).
  const child = execa(process.execPath, ['--expose-gc', ...(heapLimitMiB ? [`--max-old-space-size=${heapLimitMiB}`] : []), CHILD_ENTRY], {
    env: { [CHILD_CONFIG_ENV]: JSON.stringify(config) },
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
  const pid = child.pid;

  const samplePeriodMs = process.platform === 'linux' ? request.intervalMs : Math.max(request.intervalMs, MIN_PORTABLE_INTERVAL_MS);
  let sampling = false;
  const sampleOnce = async (): Promise<void> => {
    if (sampling || pid === undefined) return;
    sampling = true;
    const tMs = elapsed();
    const memory = await readProcessMemory(pid);
    sampling = false;
    // After `done` the child only verifies: what that costs is not the job's memory.
    if (!memory || child.exitCode !== null || done !== null) return;
    samples.push({ tMs, rssBytes: memory.rssBytes });
    if (memory.hwmBytes !== null) lastHwmBytes = memory.hwmBytes;
    if (request.memoryLimitBytes !== null && memory.rssBytes > request.memoryLimitBytes && !memoryExceeded) {
      memoryExceeded = true;
      killedAtMs = tMs;
      child.kill('SIGKILL');
    }
  };
  const sampler = setInterval(() => void sampleOnce(), samplePeriodMs);
  void sampleOnce();

  const handle = (payload: unknown): void => {
    const message = parseChildMessage(payload);
    const tMs = elapsed();
    if ('invalid' in message) {
      protocolError ??= `invalid message from the child: ${message.invalid}`;
      return;
    }
    switch (message.type) {
      case 'ready':
        ready = message;
        monitor?.sampleNow();
        events.push({ phase: 'ready', tMs });
        heapSamples.push({ tMs, ...withoutRss(message.heap), rows: 0 });
        break;
      case 'first-row':
        events.push({ phase: 'first-row', tMs });
        monitor?.sampleNow();
        break;
      case 'sample':
        rows = message.rows;
        heapSamples.push({ tMs, ...withoutRss(message.heap), rows: message.rows });
        request.onProgress?.(message.rows);
        break;
      case 'done':
        done = message;
        rows = message.rows;
        events.push({ phase: 'done', tMs });
        heapSamples.push({ tMs, ...withoutRss(message.heap), rows: message.rows });
        request.onProgress?.(message.rows);
        break;
      case 'verified':
        childVerified = message;
        break;
      case 'error':
        reportedError = shortenMessage(message.message);
        break;
    }
  };
  const listening = (async () => {
    try {
      for await (const message of child.getEachMessage()) handle(message);
    } catch {
      // The channel closes with the child; what it failed to send is judged by what arrived.
    }
  })();

  const result = await child;
  const wallMs = elapsed();
  clearInterval(sampler);
  await listening;
  const server: ServerMeasurement | null = monitor ? await monitor.stop() : null;
  events.push({ phase: 'exited', tMs: wallMs });

  const finished = done as DoneMessage | null;
  const started = ready as Extract<ChildMessage, { type: 'ready' }> | null;
  const stderrTail = tail(typeof result.stderr === 'string' ? result.stderr : '', STDERR_TAIL_CHARS);
  let status: RunStatus;
  let failure: RunFailure | undefined;
  let verify: VerifyOutcome | null = null;
  if (memoryExceeded) {
    status = 'memory-exceeded';
    failure = {
      message: `RSS passed the memory limit of ${request.memoryLimitBytes} bytes after ${rows} rows; killed`,
      signal: 'SIGKILL',
      stderrTail,
      reachedRows: rows,
      atMs: killedAtMs ?? wallMs,
    };
  } else if (result.timedOut) {
    status = 'timed-out';
    failure = { message: `Still running after ${request.timeoutMs} ms; killed`, signal: 'SIGKILL', stderrTail, reachedRows: rows, atMs: wallMs };
  } else if (!finished && diedOfHeapLimit(typeof result.stderr === 'string' ? result.stderr : '')) {
    status = 'heap-exceeded';
    failure = {
      message: `JavaScript heap out of memory${heapLimitMiB ? ` (--max-old-space-size=${heapLimitMiB})` : ''} after ${rows} rows`,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      stderrTail,
      reachedRows: rows,
      atMs: wallMs,
    };
  } else if (!finished || result.exitCode !== 0 || protocolError) {
    status = 'crashed';
    const cause =
      reportedError ??
      protocolError ??
      (result.signal ? `killed by ${result.signal}` : `exited with code ${String(result.exitCode)} before reporting done`);
    failure = { message: cause, exitCode: result.exitCode ?? null, signal: result.signal ?? null, stderrTail };
  } else {
    ({ status, verify, failure } = await verificationOf(request, childVerified as VerifiedMessage | null));
  }
  // A run that failed because the server went away is the environment's failure, not the scenario's.
  if (status !== 'ok' && status !== 'memory-exceeded' && status !== 'heap-exceeded' && request.checkDatabase) {
    const lost = await request.checkDatabase();
    if (lost !== null) {
      status = 'database-lost';
      // What the server told the child (e.g. "terminating connection due to administrator command") is in its stderr.
      const told = serverMessageIn(stderrTail);
      const runMessage = [failure?.message, told && !failure?.message?.includes(told) ? `the server said: ${told}` : null].filter(Boolean).join('; ');
      failure = { message: `${lost}${runMessage ? ` (the run: ${runMessage})` : ''}`, stderrTail, reachedRows: rows, atMs: wallMs };
    }
  }

  const readyEvent = events.find((event) => event.phase === 'ready');
  const doneEvent = events.find((event) => event.phase === 'done');
  const firstRowEvent = events.find((event) => event.phase === 'first-row');
  // The child reads its high-water mark at `done`, but it lives on a little after that;
  // the parent's last reading covers that tail, and a child that never reached `done`.
  // Since Linux 6.2 RSS counters are per-CPU and read approximately, so a VmRSS reading can
  // pass the stored VmHWM by a few hundred KiB: the peak is the highest of all readings.
  const sampledPeakRssBytes = samples.length > 0 ? Math.max(...samples.map((sample) => sample.rssBytes)) : null;
  const hwmReadings = [finished?.vmHwmBytes ?? null, lastHwmBytes].filter((value): value is number => value !== null);
  const kernelPeak = hwmReadings.length > 0 ? Math.max(...hwmReadings, sampledPeakRssBytes ?? 0) : null;
  const peakRssBytes = kernelPeak ?? finished?.maxRssBytes ?? null;
  const heapUsed = heapSamples.map((sample) => sample.heapUsedBytes);
  return {
    scenarioId: request.scenario.id,
    workload: request.scenario.workload,
    library: request.scenario.library,
    strategy: request.scenario.strategy,
    scenarioVersion: request.scenario.version,
    tableRows: request.tableRows,
    repeat: request.repeat,
    status,
    rows,
    peakRssBytes,
    peakRssSource: kernelPeak !== null ? 'vmhwm' : finished ? 'getrusage' : 'none',
    sampledPeakRssBytes,
    peakHeapUsedBytes: heapUsed.length > 0 ? Math.max(...heapUsed) : null,
    baselineRssBytes: started?.heap.rssBytes ?? null,
    retainedBytes: finished?.retainedBytes ?? null,
    // A scenario that verifies itself does so after `done`, in the same process: that time is not the job's.
    wallMs: request.verifyInChild && doneEvent ? doneEvent.tMs : wallMs,
    workMs: readyEvent && doneEvent ? doneEvent.tMs - readyEvent.tMs : null,
    firstRowMs: readyEvent && firstRowEvent ? firstRowEvent.tMs - readyEvent.tMs : null,
    queries: finished?.queries ?? null,
    connections: finished?.connections ?? null,
    verify,
    server,
    ...(failure ? { failure } : {}),
    events,
    samples,
    heapSamples,
  };
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
