import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectDrizzle, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: 'The same LIMIT/OFFSET pages, one unnest UPDATE (db.execute) per page.',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id).limit(context.batchSize).offset(offset);
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(db, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => pool.end(),
    };
  },
});
