import { defineScenario } from '../../../harness/api/index.js';
import { ROW_INSERT_SQL, textRows } from '../workload.js';
import { connectClient } from '../../libraries/pg.js';

export default defineScenario({
  name: 'import/pg/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'pg', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: 'One INSERT … VALUES ($1, $2::jsonb, $3) per row, each awaited before the next (autocommit).',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        for (const row of textRows(context.rows, context.payloadBytes)) {
          await client.query(ROW_INSERT_SQL, [row.id, row.data, row.field]);
          context.rowsProcessed(1);
        }
      },
      close: () => client.end(),
    };
  },
});
