import { defineScenario } from '../../../harness/api/index.js';

const unsupportedReason =
  "knex sends a connection's queries one after another and has no pipeline mode: queries issued together go to other pooled connections (concurrency over several connections, not pipelining on one).";

export default defineScenario({
  name: 'backfill/knex/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'pipelined' },
  version: 1,
  support: 'unsupported',
  description: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason,
  async setup() {
    throw new Error(`not supported: ${unsupportedReason}`);
  },
});
