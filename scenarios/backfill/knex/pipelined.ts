import type { ScenarioDefinition } from '../../types.js';

const scenario: ScenarioDefinition = {
  workload: 'backfill',
  library: 'knex',
  strategy: 'pipelined',
  version: 1,
  support: 'unsupported',
  how: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason:
    "knex sends a connection's queries one after another and has no pipeline mode: queries issued together go to other pooled connections (concurrency over several connections, not pipelining on one).",
};
export default scenario;
