import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectDrizzle } from '../../libraries/drizzle.js';

export default defineScenario({
  name: 'import/drizzle/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'drizzle', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: 'Every row built in an array first, then one db.insert(importTable).values(rows): the naive version, three parameters per row.',
  notes: ["The protocol allows 65,535 parameters per statement, so beyond 21,845 rows the statement fails with the server's or pg's own error (drizzle does not split it): recorded as it is."],
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)];
        await db.insert(tables.imports).values(rows);
        context.rowsProcessed(rows.length);
      },
      close: () => pool.end(),
    };
  },
});
