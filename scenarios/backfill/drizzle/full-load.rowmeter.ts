import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectDrizzle, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: 'db.select({ id, data }).from(rows).orderBy(rows.id) buffers every row, then one db.update(rows).set({ field }).where(eq(rows.id, id)) per row.',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        const rows = await db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id);
        for (const row of rows) {
          context.rowsProcessed(1);
          await updateRow(db, tables, row.id, computeField(row.data));
        }
      },
      close: () => pool.end(),
    };
  },
});
