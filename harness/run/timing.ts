/**
 * Warm timing (`--timing`): after a scenario's cold runs at a size, one more child times its
 * whole job again and again with tinybench (harness/run/timing-child.ts) on a fresh copy of the
 * table. Failures are data, as for cold runs: a crash, a time-out or wrong rows after the last
 * iteration end up in the entry's status, never as an exception.
 */
import { fileURLToPath } from 'node:url';
import { variantEnvironment, variantNodeArgs, type VariantRuntime } from '../variants/runtime.js';
import { execa } from 'execa';
import { CHILD_CONFIG_ENV, PROTOCOL_VERSION, parseChildMessage, type ChildConfig, type TimingReport } from './protocol.js';
import type { BenchmarkOptions, ScenarioInfo, TimingEntry, TimingStatus, VerifyOutcome, Workload } from '../results.js';
import { shortenMessage, tail } from './runner.js';
import { guardProcess, releaseProcess } from './guard.js';

const TIMING_CHILD = fileURLToPath(new URL('./timing-child.js', import.meta.url));

export interface TimingRequest {
  scenario: ScenarioInfo;
  modulePath: string;
  databaseUrl: string;
  tableRows: number;
  payloadBytes: number;
  outputPath: string;
  batchSize: number;
  /** `--sink-rate` in bytes per second (`ctx.createSink()`); null or absent for none. */
  sinkBytesPerSecond?: number | null;
  pipelineDepth: number;
  timing: NonNullable<BenchmarkOptions['timing']>;
  /**
   * The built-in workload whose reset runs between iterations: the scenario's `workload` field,
   * not its tags (a user's scenario on a built-in workload may be tagged as it likes).
   */
  workload: Workload;
  /** Checks the state the last iteration left (nothing resets after it). */
  verify: () => Promise<VerifyOutcome>;
  signal?: AbortSignal;
  /** A `--versions` variant: the child resolves its packages in the variant's folder. */
  variant?: VariantRuntime | null;
}

/**
 * A warm child that runs past its budget this much (plus a minute) is killed: the budget only
 * stops new iterations, so one slow iteration may still finish.
 */
const BUDGET_GRACE_FACTOR = 2;

/** Times one scenario warm; never throws for a failed timing. */
export async function runTiming(request: TimingRequest): Promise<TimingEntry> {
  const config: ChildConfig = {
    v: PROTOCOL_VERSION,
    scenarioModule: request.modulePath,
    databaseUrl: request.databaseUrl,
    batchSize: request.batchSize,
    sinkBytesPerSecond: request.sinkBytesPerSecond ?? null,
    tableRows: request.tableRows,
    payloadBytes: request.payloadBytes,
    outputPath: request.outputPath,
    pipelineDepth: request.pipelineDepth,
    heapIntervalMs: 1000,
    table: request.scenario.table,
    params: request.scenario.params,
    verifyInChild: false,
    timing: {
      workload: request.workload,
      iterations: request.timing.iterations,
      warmupIterations: request.timing.warmupIterations,
      budgetMs: request.timing.budgetMs,
    },
  };
  let report: TimingReport | null = null;
  let reportedError: string | null = null;
  const child = execa(process.execPath, [...variantNodeArgs(request.variant), TIMING_CHILD], {
    env: { [CHILD_CONFIG_ENV]: JSON.stringify(config), ...variantEnvironment(request.variant) },
    ipc: true,
    serialization: 'json',
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true, ipc: false },
    reject: false,
    timeout: request.timing.budgetMs * BUDGET_GRACE_FACTOR + 60_000,
    killSignal: 'SIGKILL',
    cancelSignal: request.signal,
  });
  guardProcess(child.pid);
  const listening = (async () => {
    try {
      for await (const payload of child.getEachMessage()) {
        const message = parseChildMessage(payload);
        if ('invalid' in message) continue;
        if (message.type === 'timing') report = message.report;
        if (message.type === 'error') reportedError = shortenMessage(message.message);
      }
    } catch {
      // The channel closes with the child.
    }
  })();
  const result = await child;
  releaseProcess(child.pid);
  await listening;
  const stderrTail = tail(typeof result.stderr === 'string' ? result.stderr : '', 2000);
  const received = report as TimingReport | null;

  let status: TimingStatus;
  let failure: TimingEntry['failure'];
  let verify: VerifyOutcome | null = null;
  if (result.timedOut) {
    status = 'timed-out';
    failure = { message: `Still running ${BUDGET_GRACE_FACTOR}× past its budget of ${request.timing.budgetMs} ms; killed`, signal: 'SIGKILL', stderrTail };
  } else if (received === null || received.state === 'errored' || result.exitCode !== 0) {
    status = 'crashed';
    failure = {
      message: received?.error ? shortenMessage(received.error) : (reportedError ?? `exited with code ${String(result.exitCode)} before reporting its timing`),
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      stderrTail,
    };
  } else {
    try {
      verify = await request.verify();
      status = verify.mismatches === 0 ? 'ok' : 'verify-failed';
      if (status === 'verify-failed') failure = { message: `${verify.mismatches} of ${verify.checkedRows} wrong after the last iteration${verify.detail ? `: ${verify.detail}` : ''}` };
    } catch (error) {
      status = 'verify-failed';
      failure = { message: `Verification could not run: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  // Every iteration must have done the whole job: the resets found every row done each time.
  if (status === 'ok' && received !== null && received.iterationRows.some((rows) => rows !== request.tableRows)) {
    status = 'verify-failed';
    failure = { message: `an iteration left ${received.iterationRows.find((rows) => rows !== request.tableRows)} rows done of ${request.tableRows}` };
  }
  return {
    scenarioId: request.scenario.id,
    workload: request.scenario.workload,
    library: request.scenario.library,
    strategy: request.scenario.strategy,
    scenarioVersion: request.scenario.version,
    tableRows: request.tableRows,
    status,
    samples: received?.samplesMs.length ?? 0,
    warmupIterations: received?.warmupIterations ?? request.timing.warmupIterations,
    meanMs: received?.meanMs ?? null,
    sdMs: received?.sdMs ?? null,
    moeMs: received?.moeMs ?? null,
    rme: received?.rme ?? null,
    p50Ms: received?.p50Ms ?? null,
    p75Ms: received?.p75Ms ?? null,
    p99Ms: received?.p99Ms ?? null,
    minMs: received?.minMs ?? null,
    maxMs: received?.maxMs ?? null,
    throughputPerSecond: received?.throughputPerSecond ?? null,
    iterationsMs: received?.samplesMs ?? [],
    iterationQueries: received?.iterationQueries ?? [],
    iterationRows: received?.iterationRows ?? [],
    budgetMs: request.timing.budgetMs,
    budgetReached: received?.state === 'budget-reached',
    verify,
    ...(failure ? { failure } : {}),
  };
}
