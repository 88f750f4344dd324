import type { ScenarioDefinition } from '../../types.js';

const scenario: ScenarioDefinition = {
  workload: 'backfill',
  library: 'kysely',
  strategy: 'pipelined',
  version: 1,
  support: 'unsupported',
  how: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason:
    "kysely's PostgresDriver acquires a pooled connection per query and has no pipeline mode: queries issued together wait for or take another connection.",
};
export default scenario;
