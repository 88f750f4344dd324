import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectClient, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: 'Seek pagination: WHERE id > last ORDER BY id LIMIT --batch-size, one unnest UPDATE per page.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, async (afterId, limit) =>
          (await client.query<{ id: number; data: BackfillInput }>(`SELECT id, data FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])).rows,
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(client, batch);
        }
      },
      close: () => client.end(),
    };
  },
});
