import { defineScenario } from '../../../harness/api/index.js';
import { computeField, ROW_UPDATE_SQL, TABLE, type BackfillInput } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: 'One query buffers every row in result.rows (each jsonb parsed to an object), then one UPDATE per row.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        const { rows } = await client.query<{ id: number; data: BackfillInput }>(`SELECT id, data FROM ${TABLE} ORDER BY id`);
        for (const row of rows) {
          context.rowsProcessed(1);
          await client.query(ROW_UPDATE_SQL, [computeField(row.data), row.id]);
        }
      },
      close: () => client.end(),
    };
  },
});
