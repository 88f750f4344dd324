import { defineScenario } from '../../../harness/api/index.js';

const unsupportedReason =
  "kysely's PostgresDriver acquires a pooled connection per query and has no pipeline mode: queries issued together wait for or take another connection.";

export default defineScenario({
  name: 'backfill/kysely/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'pipelined' },
  version: 1,
  support: 'unsupported',
  description: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason,
  async setup() {
    throw new Error(`not supported: ${unsupportedReason}`);
  },
});
