import { defineScenario } from '../../../harness/api/index.js';
import { computeField, cursorBatches, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectTypeorm, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/typeorm/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'typeorm', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'typeorm has no cursor API: inside dataSource.transaction, manager.query runs DECLARE … NO SCROLL CURSOR, then FETCH --batch-size and one unnest UPDATE per fetch, all on one connection.',
  notes: [
    'One connection (poolSize 1): a SQL cursor lives in the transaction, so the updates share it. Each FETCH is one counted query.',
    "typeorm's own streaming (stream(), a pg-query-stream portal of 100 rows) is measured as typeorm/iterator and typeorm/iterator-bulk.",
  ],
  async setup(context) {
    const { dataSource } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        await dataSource.transaction(async (manager) => {
          const batch = new UpdateBatch();
          const batches = cursorBatches<{ id: number; data: BackfillInput }>(context.batchSize, {
            execute: (sql) => manager.query(sql),
            fetch: (sql) => manager.query(sql),
          });
          for await (const rows of batches) {
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row.data));
            await flushBatch(manager, batch);
          }
        });
      },
      close: () => dataSource.destroy(),
    };
  },
});
