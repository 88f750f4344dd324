import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectTypeorm, flushBatch, STREAM_BATCH_NOTE, STREAM_CONNECTION_NOTE, STREAM_RAW_NOTE, type RawStreamRow } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'iterator-bulk' },
  version: 1,
  support: 'native',
  description: "createQueryBuilder('r').select(['r.id', 'r.data']).orderBy('r.id').stream() read with for await (raw rows); every --batch-size rows one unnest UPDATE with dataSource.query through the pool's second connection.",
  notes: [STREAM_BATCH_NOTE, STREAM_RAW_NOTE, STREAM_CONNECTION_NOTE],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 2);
    return {
      async run() {
        const stream = await rows.createQueryBuilder('r').select(['r.id', 'r.data']).orderBy('r.id').stream();
        const batch = new UpdateBatch();
        for await (const row of stream as AsyncIterable<RawStreamRow>) {
          context.rowsProcessed(1);
          batch.add(row.r_id, computeField(row.r_data));
          if (batch.size >= context.batchSize) await flushBatch(dataSource, batch);
        }
        await flushBatch(dataSource, batch);
      },
      close: () => dataSource.destroy(),
    };
  },
});
