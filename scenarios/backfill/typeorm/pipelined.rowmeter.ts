import { defineScenario } from '../../../harness/api/index.js';

const unsupportedReason =
  "typeorm runs a QueryRunner's queries one after another and has no pipeline mode: queries issued together take other pooled connections (concurrency, not pipelining on one connection).";

export default defineScenario({
  name: 'backfill/typeorm/pipelined',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'pipelined' },
  version: 1,
  support: 'unsupported',
  description: 'One UPDATE per row sent without waiting for the previous answer, at most --pipeline-depth in flight on one connection.',
  unsupportedReason,
  async setup() {
    throw new Error(`not supported: ${unsupportedReason}`);
  },
});
