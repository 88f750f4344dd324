import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch } from '../workload.js';
import { connectKnex, flushBatch, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: "Pages of --batch-size rows with .orderBy('id').limit(n).offset(k) (LIMIT/OFFSET), one unnest UPDATE (query builder .updateFrom) per page.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let offset = 0; ; offset += context.batchSize) {
          const rows: KnexRow[] = await db(TABLE).select('id', 'data').orderBy('id').limit(context.batchSize).offset(offset);
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(db, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => db.destroy(),
    };
  },
});
