import { defineScenario } from '../../../harness/api/index.js';
import { computeField, ROW_UPDATE_SQL, TABLE, type BackfillInput } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: 'Pages of --batch-size rows with ORDER BY id LIMIT/OFFSET, one UPDATE per row.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        for (let offset = 0; ; offset += context.batchSize) {
          const { rows } = await client.query<{ id: number; data: BackfillInput }>(
            `SELECT id, data FROM ${TABLE} ORDER BY id LIMIT $1 OFFSET $2`,
            [context.batchSize, offset],
          );
          for (const row of rows) {
            context.rowsProcessed(1);
            await client.query(ROW_UPDATE_SQL, [computeField(row.data), row.id]);
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => client.end(),
    };
  },
});
