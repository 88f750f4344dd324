import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE } from '../workload.js';
import { connectKnex, updateRow, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: ".stream({ batchSize: --batch-size }) (pg-query-stream underneath) read with for await; one .where({ id }).update({ field }) per row through the pool's second connection.",
  notes: [
    'A stream holds its pooled connection until it ends, so updates go through a second pooled connection (pool min = max = 2); never the same transaction (hangs, knex #5654).',
    'knex pipes the pg-query-stream into its own object-mode Transform, which buffers up to 16 more rows.',
  ],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 2);
    return {
      async run() {
        const stream = db(TABLE).select('id', 'data').orderBy('id').stream({ batchSize: context.batchSize });
        for await (const row of stream as AsyncIterable<KnexRow>) {
          context.rowsProcessed(1);
          await updateRow(db, row.id, computeField(row.data));
        }
      },
      close: () => db.destroy(),
    };
  },
});
