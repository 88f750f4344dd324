import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, UpdateBatch } from '../workload.js';
import { connectDrizzle, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: '.where(gt(rows.id, last)).orderBy(rows.id).limit(--batch-size) pages, one unnest UPDATE per page.',
  async setup(context) {
    const { gt } = await import('drizzle-orm');
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) =>
          db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).where(gt(tables.rows.id, afterId)).orderBy(tables.rows.id).limit(limit),
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(db, batch);
        }
      },
      close: () => pool.end(),
    };
  },
});
