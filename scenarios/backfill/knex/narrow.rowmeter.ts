import { defineScenario } from '../../../harness/api/index.js';
import { computeField, NARROW_COLUMNS_SQL, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectKnex, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: "iterator-bulk (.stream({ batchSize }), unnest UPDATE per --batch-size rows on the pool's second connection), selecting only id and the JSON paths the backfill reads (.select(knex.raw(NARROW_COLUMNS_SQL))).",
  notes: ['A stream holds its pooled connection until it ends, so updates go through a second pooled connection (pool min = max = 2).'],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 2);
    return {
      async run() {
        const stream = db(TABLE).select(db.raw(NARROW_COLUMNS_SQL)).orderBy('id').stream({ batchSize: context.batchSize });
        const batch = new UpdateBatch();
        for await (const row of stream as AsyncIterable<BackfillInput & { id: number }>) {
          context.rowsProcessed(1);
          batch.add(row.id, computeField(row));
          if (batch.size >= context.batchSize) await flushBatch(db, batch);
        }
        await flushBatch(db, batch);
      },
      close: () => db.destroy(),
    };
  },
});
