import { defineScenario } from '../../../harness/api/index.js';
import { computeField, NARROW_COLUMNS_SQL, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectTypeorm, flushBatch, STREAM_BATCH_NOTE, STREAM_CONNECTION_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: "iterator-bulk (query builder stream(), unnest UPDATE per --batch-size rows on the pool's second connection), selecting only id and the JSON paths the backfill reads (.select(NARROW_COLUMNS_SQL)).",
  notes: [STREAM_BATCH_NOTE, STREAM_CONNECTION_NOTE],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 2);
    return {
      async run() {
        const stream = await rows.createQueryBuilder('r').select(NARROW_COLUMNS_SQL).orderBy('r.id').stream();
        const batch = new UpdateBatch();
        for await (const row of stream as AsyncIterable<BackfillInput & { id: number }>) {
          context.rowsProcessed(1);
          batch.add(row.id, computeField(row));
          if (batch.size >= context.batchSize) await flushBatch(dataSource, batch);
        }
        await flushBatch(dataSource, batch);
      },
      close: () => dataSource.destroy(),
    };
  },
});
