/**
 * The warm timing child (`--timing`): connects a scenario once, then runs its whole job again
 * and again with tinybench — warm-up iterations, then measured ones — bringing the database
 * back to its starting state before each iteration, outside the measured time (the workload's
 * `reset`), and reports tinybench's statistics over IPC (see protocol.ts). Its memory is not
 * measured, so it may load what it needs (tinybench, the workload definitions).
 */
import pg from 'pg';
import { Bench } from 'tinybench';
import { instrumentPg, scenarioContext, send, type Counters } from './child-common.js';
import { CHILD_CONFIG_ENV, PROTOCOL_VERSION, type ChildConfig, type TimingReport } from './protocol.js';
import { workloadDefinition } from './workloads/index.js';
import type { ScenarioDefinition } from '../api/index.js';

/** Rounds a latency for the report (tinybench gives fractions of microseconds). */
function ms(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Math.round(value * 1000) / 1000;
}

async function main(): Promise<void> {
  const raw = process.env[CHILD_CONFIG_ENV];
  if (!raw) throw new Error(`${CHILD_CONFIG_ENV} is not set: this file is started by the rowmeter timing runner`);
  const config = JSON.parse(raw) as ChildConfig;
  if (config.v !== PROTOCOL_VERSION) throw new Error(`protocol version ${config.v}, expected ${PROTOCOL_VERSION}`);
  const timing = config.timing;
  if (!timing) throw new Error('no timing section in the configuration');

  const counters: Counters = { queries: 0, connections: 0 };
  instrumentPg(counters);
  const definition = ((await import(config.scenarioModule)) as { default: ScenarioDefinition }).default;
  if (definition.support === 'unsupported') throw new Error(`${definition.name} is not supported: ${definition.unsupportedReason ?? 'no reason given'}`);
  // No progress while timing (nobody draws it), and no signal handlers: Ctrl-C ends this child as before.
  const session = await definition.setup(scenarioContext(config, counters, new AbortController().signal, () => undefined));
  const workload = workloadDefinition(timing.workload);
  const target = { databaseUrl: config.databaseUrl, tableRows: config.tableRows, payloadBytes: config.payloadBytes, outputPath: config.outputPath };
  const resetClient = new pg.Client({ connectionString: config.databaseUrl });
  await resetClient.connect();

  const iterationQueries: number[] = [];
  const iterationRows: number[] = [];
  let resets = 0;
  let queriesBefore = 0;
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), timing.budgetMs);
  const bench = new Bench({
    iterations: timing.iterations,
    // Exactly the iterations asked for: no minimum time on top (the budget caps it instead).
    time: 0,
    warmupIterations: timing.warmupIterations,
    warmupTime: 0,
    retainSamples: true,
    signal: budget.signal,
  });
  bench.add(definition.name, () => session.run(), {
    // Said outright: tinybench would otherwise call the job once, outside the hooks, to find out.
    async: true,
    async beforeEach() {
      // What the previous iteration left done (nothing before the first), then back to the start.
      const done = await workload.reset(resetClient, target);
      if (resets > 0) iterationRows.push(done);
      resets += 1;
      queriesBefore = counters.queries;
    },
    afterEach() {
      iterationQueries.push(counters.queries - queriesBefore);
    },
  });
  await bench.run();
  clearTimeout(timer);
  const task = bench.tasks[0]!;
  const result = task.result;
  const withStatistics = result.state === 'completed' || result.state === 'aborted-with-statistics' ? result : null;
  const latency = withStatistics?.latency;
  const report: TimingReport = {
    state: result.state === 'completed' ? 'completed' : result.state === 'errored' ? 'errored' : 'budget-reached',
    ...(result.state === 'errored' ? { error: result.error instanceof Error ? result.error.message : String(result.error) } : {}),
    warmupIterations: timing.warmupIterations,
    samplesMs: latency?.samples ? [...latency.samples].map((value) => Math.round(value * 1000) / 1000) : [],
    meanMs: ms(latency?.mean),
    sdMs: ms(latency?.sd),
    moeMs: ms(latency?.moe),
    rme: latency ? Math.round(latency.rme * 100) / 100 : null,
    p50Ms: ms(latency?.p50),
    p75Ms: ms(latency?.p75),
    p99Ms: ms(latency?.p99),
    minMs: ms(latency?.min),
    maxMs: ms(latency?.max),
    throughputPerSecond: withStatistics ? Math.round(withStatistics.throughput.mean * 1000) / 1000 : null,
    iterationQueries,
    iterationRows,
  };
  await send({ type: 'timing', report });
  await session.close?.();
  await resetClient.end();
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${error instanceof Error && error.stack ? error.stack : message}\n`);
    await send({ type: 'error', message: message.split('\n')[0] ?? message });
    process.exit(1);
  },
);
