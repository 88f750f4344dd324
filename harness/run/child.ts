/**
 * The measured process: runs one scenario and reports over IPC (see protocol.ts). It loads
 * only the protocol constants, `pg` (to count queries and connections) and the scenario's
 * own module (plain JavaScript: a user's TypeScript was bundled by the parent), which imports
 * its library. Built-in cells and a user's scenarios take the same path, with the same public
 * context: `setup` → `ready` → `run` → `close` → `done`, then, for a scenario without a built-in
 * workload (which rowmeter verifies in the parent), its own `verify`.
 */
import { CHILD_CONFIG_ENV, PROTOCOL_VERSION, type ChildConfig } from './protocol.js';
import type { ScenarioContext, ScenarioDefinition } from '../api/index.js';
import { heapFigures, instrumentPg, scenarioContext, send, verifyOutcomeOf, vmHwmBytes, type Counters } from './child-common.js';

/** A module's default export: a scenario of the public shape, built-in or a user's (discovery validated it). */
type LoadedScenario = ScenarioDefinition;

/** A step of the scenario that threw, so the message says which (`setup() threw: …`). */
class StepError extends Error {}

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StepError(`${name} threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Heap used after a full collection, when the child runs with `--expose-gc`. */
function collectedHeapBytes(): number | null {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return null;
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

function readConfig(): ChildConfig {
  const raw = process.env[CHILD_CONFIG_ENV];
  if (!raw) throw new Error(`${CHILD_CONFIG_ENV} is not set: this file is started by the rowmeter runner`);
  const config = JSON.parse(raw) as ChildConfig;
  if (config.v !== PROTOCOL_VERSION) throw new Error(`protocol version ${config.v}, expected ${PROTOCOL_VERSION}`);
  return config;
}

/** The public context both `setup` and `verify` get, its `rowsProcessed` feeding the progress and first-row messages. */
function contextFor(config: ChildConfig, counters: Counters, progress: { rows: number; firstRowSent: boolean }): ScenarioContext {
  const aborter = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => aborter.abort(new Error(`rowmeter stopped the run (${signal})`)));
  return scenarioContext(config, counters, aborter.signal, (count) => {
    progress.rows += count;
    if (!progress.firstRowSent && count > 0) {
      progress.firstRowSent = true;
      void send({ type: 'first-row' });
    }
  });
}

async function verifyInChild(definition: LoadedScenario, context: ScenarioContext, rows: number): Promise<void> {
  if (!definition.verify) return;
  try {
    const answer = await definition.verify(context);
    if (typeof answer !== 'boolean' && (typeof answer !== 'object' || answer === null || typeof answer.mismatches !== 'number')) {
      throw new Error(`verify() must return true, false or { checkedRows, mismatches }, got ${JSON.stringify(answer)}`);
    }
    await send({ type: 'verified', outcome: verifyOutcomeOf(answer, rows) });
  } catch (error) {
    await send({ type: 'verified', outcome: null, error: error instanceof Error ? error.message : String(error) });
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const counters: Counters = { queries: 0, connections: 0 };
  instrumentPg(counters);
  const definition = ((await import(config.scenarioModule)) as { default: LoadedScenario }).default;
  if (definition.support === 'unsupported') throw new Error(`not supported: ${definition.unsupportedReason ?? 'no reason given'}`);

  const progress = { rows: 0, firstRowSent: false };
  const context = contextFor(config, counters, progress);
  // The floor retained memory is measured from: before setup, and *without* a collection. A
  // forced collection before the run, here or at `ready`, lowers V8's next collection limit and
  // so the run's peak (measured at 50k: drizzle iterator 104.7 MiB against 117–136 MiB without):
  // the job must run as it would without rowmeter. What garbage is here makes the figure that
  // much lower (docs/config.md gives the floor).
  const heapBeforeSetup = process.memoryUsage().heapUsed;
  const session = await step('setup()', () => definition.setup(context));
  await send({ type: 'ready', heap: heapFigures() });
  const queriesBeforeWork = counters.queries;
  const sampler = setInterval(() => void send({ type: 'sample', heap: heapFigures(), rows: progress.rows }), config.heapIntervalMs);
  try {
    await step('run()', () => session.run());
  } finally {
    clearInterval(sampler);
  }
  const queries = counters.queries - queriesBeforeWork;
  if (session.close) await step('close()', () => session.close!());
  // The job's peak is read before the collection that measures what it retained.
  const peakBytes = vmHwmBytes();
  const heapAfterClose = collectedHeapBytes();
  await send({
    type: 'done',
    heap: heapFigures(),
    rows: progress.rows,
    queries,
    connections: counters.connections,
    vmHwmBytes: peakBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    retainedBytes: heapBeforeSetup !== null && heapAfterClose !== null ? heapAfterClose - heapBeforeSetup : null,
  });
  if (config.verifyInChild) await verifyInChild(definition, context, progress.rows);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof StepError && error.cause instanceof Error ? error.cause : error;
    process.stderr.write(`${cause instanceof Error && cause.stack ? cause.stack : message}\n`);
    await send({ type: 'error', message: message.split('\n')[0] ?? message });
    process.exit(1);
  },
);
