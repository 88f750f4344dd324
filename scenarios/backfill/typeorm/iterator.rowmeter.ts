import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectTypeorm, STREAM_BATCH_NOTE, STREAM_CONNECTION_NOTE, STREAM_RAW_NOTE, type RawStreamRow } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: "repository.createQueryBuilder('r').select(['r.id', 'r.data']).orderBy('r.id').stream() read with for await (raw rows), one repository.update(id, { field }) per row through the pool's second connection.",
  notes: [STREAM_BATCH_NOTE, STREAM_RAW_NOTE, STREAM_CONNECTION_NOTE],
  async setup(context) {
    const { dataSource, rows } = await connectTypeorm(context.databaseUrl, 2);
    return {
      async run() {
        const stream = await rows.createQueryBuilder('r').select(['r.id', 'r.data']).orderBy('r.id').stream();
        for await (const row of stream as AsyncIterable<RawStreamRow>) {
          context.rowsProcessed(1);
          await rows.update(row.r_id, { field: computeField(row.r_data) });
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
