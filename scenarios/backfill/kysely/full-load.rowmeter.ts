import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectKysely, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').execute() buffers every row, then one updateTable(…).set({ field }).where('id', '=', id) per row.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        const rows = await db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').execute();
        for (const row of rows) {
          context.rowsProcessed(1);
          await updateRow(db, row.id, computeField(row.data));
        }
      },
      close,
    };
  },
});
