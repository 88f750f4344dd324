import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectDrizzle, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: '.orderBy(rows.id).limit(--batch-size).offset(k) pages, one db.update per row.',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id).limit(context.batchSize).offset(offset);
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(db, tables, row.id, computeField(row.data));
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => pool.end(),
    };
  },
});
