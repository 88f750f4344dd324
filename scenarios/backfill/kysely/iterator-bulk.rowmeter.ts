import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectKysely, flushBatch, STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'iterator-bulk' },
  version: 1,
  support: 'native',
  description: ".stream(--batch-size) read with for await; every --batch-size rows one unnest UPDATE (kysely's sql tag, each array one parameter) through the pool's second connection.",
  notes: [STREAM_NOTE, 'The stream holds one pooled connection, so updates take the second (pool of 2).'],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 2);
    return {
      async run() {
        const batch = new UpdateBatch();
        for await (const row of db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').stream(context.batchSize)) {
          context.rowsProcessed(1);
          batch.add(row.id, computeField(row.data));
          if (batch.size >= context.batchSize) await flushBatch(db, batch);
        }
        await flushBatch(db, batch);
      },
      close,
    };
  },
});
