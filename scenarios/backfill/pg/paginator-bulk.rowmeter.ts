import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectClient, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: 'Pages of --batch-size rows with ORDER BY id LIMIT/OFFSET, one unnest UPDATE per page.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let offset = 0; ; offset += context.batchSize) {
          const { rows } = await client.query<{ id: number; data: BackfillInput }>(
            `SELECT id, data FROM ${TABLE} ORDER BY id LIMIT $1 OFFSET $2`,
            [context.batchSize, offset],
          );
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(client, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => client.end(),
    };
  },
});
