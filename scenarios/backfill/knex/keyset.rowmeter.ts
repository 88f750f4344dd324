import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, TABLE, UpdateBatch } from '../workload.js';
import { connectKnex, flushBatch, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: "Seek pagination with the query builder: .where('id', '>', last).orderBy('id').limit(--batch-size), one unnest UPDATE (.updateFrom) per page.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit): Promise<KnexRow[]> =>
          db(TABLE).select('id', 'data').where('id', '>', afterId).orderBy('id').limit(limit),
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(db, batch);
        }
      },
      close: () => db.destroy(),
    };
  },
});
