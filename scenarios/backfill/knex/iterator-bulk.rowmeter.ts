import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch } from '../workload.js';
import { connectKnex, flushBatch, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'iterator-bulk' },
  version: 1,
  support: 'native',
  description: '.stream({ batchSize: --batch-size }) read with for await; every --batch-size rows one unnest UPDATE (query builder .updateFrom(unnest(...))) through the pool\'s second connection.',
  notes: [
    'A stream holds its pooled connection until it ends, so updates go through a second pooled connection (pool min = max = 2); never the same transaction (hangs, knex #5654).',
    'knex pipes the pg-query-stream into its own object-mode Transform, which buffers up to 16 more rows.',
  ],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 2);
    return {
      async run() {
        const stream = db(TABLE).select('id', 'data').orderBy('id').stream({ batchSize: context.batchSize });
        const batch = new UpdateBatch();
        for await (const row of stream as AsyncIterable<KnexRow>) {
          context.rowsProcessed(1);
          batch.add(row.id, computeField(row.data));
          if (batch.size >= context.batchSize) await flushBatch(db, batch);
        }
        await flushBatch(db, batch);
      },
      close: () => db.destroy(),
    };
  },
});
