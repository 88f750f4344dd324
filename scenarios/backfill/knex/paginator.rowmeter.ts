import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE } from '../workload.js';
import { connectKnex, updateRow, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size rows with .orderBy('id').limit(n).offset(k) (LIMIT/OFFSET), one .where({ id }).update({ field }) per row.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        for (let offset = 0; ; offset += context.batchSize) {
          const rows: KnexRow[] = await db(TABLE).select('id', 'data').orderBy('id').limit(context.batchSize).offset(offset);
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(db, row.id, computeField(row.data));
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => db.destroy(),
    };
  },
});
