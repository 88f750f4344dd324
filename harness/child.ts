/**
 * The measured process: runs one scenario and reports over IPC (see protocol.ts). It loads
 * only the protocol constants, `pg` (to count queries and connections) and the scenario's
 * own module, which imports its library at setup.
 */
import { CHILD_CONFIG_ENV, PROTOCOL_VERSION, type ChildConfig } from './protocol.js';
import type { ScenarioDefinition, ScenarioSession } from '../scenarios/types.js';
import { heapFigures, instrumentPg, send, vmHwmBytes, type Counters } from './child-common.js';

async function main(): Promise<void> {
  const raw = process.env[CHILD_CONFIG_ENV];
  if (!raw) throw new Error(`${CHILD_CONFIG_ENV} is not set: this file is started by the rowmeter runner`);
  const config = JSON.parse(raw) as ChildConfig;
  if (config.v !== PROTOCOL_VERSION) throw new Error(`protocol version ${config.v}, expected ${PROTOCOL_VERSION}`);

  const counters: Counters = { queries: 0, connections: 0 };
  instrumentPg(counters);
  const definition = ((await import(config.scenarioModule)) as { default: ScenarioDefinition }).default;
  if (definition.support === 'unsupported') throw new Error(`${definition.library}/${definition.strategy} is not supported: ${definition.unsupportedReason}`);

  let rows = 0;
  let firstRowSent = false;
  const session: ScenarioSession = await definition.setup({
    databaseUrl: config.databaseUrl,
    batchSize: config.batchSize,
    tableRows: config.tableRows,
    payloadBytes: config.payloadBytes,
    outputPath: config.outputPath,
    pipelineDepth: config.pipelineDepth,
    counters: { query: () => void (counters.queries += 1), connection: () => void (counters.connections += 1) },
    rowsProcessed(count) {
      rows += count;
      if (!firstRowSent && count > 0) {
        firstRowSent = true;
        void send({ type: 'first-row' });
      }
    },
  });
  await send({ type: 'ready', heap: heapFigures() });
  const queriesBeforeWork = counters.queries;
  const sampler = setInterval(() => void send({ type: 'sample', heap: heapFigures(), rows }), config.heapIntervalMs);
  try {
    await session.run();
  } finally {
    clearInterval(sampler);
  }
  const queries = counters.queries - queriesBeforeWork;
  await session.close();
  await send({
    type: 'done',
    heap: heapFigures(),
    rows,
    queries,
    connections: counters.connections,
    vmHwmBytes: vmHwmBytes(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  });
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
