import { defineScenario } from '../../../harness/api/index.js';

const unsupportedReason =
  "sequelize runs one query at a time per pooled connection and has no pipeline mode: queries issued together wait for or take another connection.";

export default defineScenario({
  name: 'backfill/sequelize/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'pipelined' },
  version: 1,
  support: 'unsupported',
  description: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason,
  async setup() {
    throw new Error(`not supported: ${unsupportedReason}`);
  },
});
