import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, UpdateBatch } from '../workload.js';
import { connectKysely, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: ".where('id', '>', last).orderBy('id').limit(--batch-size) pages, one unnest UPDATE per page.",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) =>
          db.selectFrom('rowmeter_rows').select(['id', 'data']).where('id', '>', afterId).orderBy('id').limit(limit).execute(),
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(db, batch);
        }
      },
      close,
    };
  },
});
