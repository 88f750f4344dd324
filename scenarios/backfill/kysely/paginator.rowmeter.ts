import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectKysely, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: ".orderBy('id').limit(--batch-size).offset(k) pages, one updateTable per row.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').limit(context.batchSize).offset(offset).execute();
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(db, row.id, computeField(row.data));
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close,
    };
  },
});
