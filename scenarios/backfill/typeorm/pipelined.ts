import type { ScenarioDefinition } from '../../types.js';

const scenario: ScenarioDefinition = {
  workload: 'backfill',
  library: 'typeorm',
  strategy: 'pipelined',
  version: 1,
  support: 'unsupported',
  how: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason:
    "typeorm runs a QueryRunner's queries one after another and has no pipeline mode: queries issued together take other pooled connections (concurrency, not pipelining on one connection).",
};
export default scenario;
