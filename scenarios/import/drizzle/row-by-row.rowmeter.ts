import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectDrizzle } from '../../libraries/drizzle.js';

export default defineScenario({
  name: 'import/drizzle/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'drizzle', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: 'db.insert(importTable).values(row) per row, each awaited (drizzle serialises the jsonb column with JSON.stringify).',
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await db.insert(tables.imports).values(row);
          context.rowsProcessed(1);
        }
      },
      close: () => pool.end(),
    };
  },
});
