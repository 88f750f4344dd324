import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectKysely, STREAM_NOTE, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: "for await over db.selectFrom(…).select(['id', 'data']).orderBy('id').stream(--batch-size), one updateTable per row through the pool's second connection.",
  notes: [STREAM_NOTE, 'The stream holds one pooled connection, so updates take the second (pool of 2).'],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 2);
    return {
      async run() {
        for await (const row of db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').stream(context.batchSize)) {
          context.rowsProcessed(1);
          await updateRow(db, row.id, computeField(row.data));
        }
      },
      close,
    };
  },
});
