import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectKysely, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: 'The same LIMIT/OFFSET pages, one unnest UPDATE per page.',
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').limit(context.batchSize).offset(offset).execute();
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(db, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close,
    };
  },
});
