import { defineScenario } from '../../../harness/api/index.js';
import { batches, objectRows } from '../workload.js';
import { connectDrizzle } from '../../libraries/drizzle.js';

export default defineScenario({
  name: 'import/drizzle/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'drizzle', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: 'db.insert(importTable).values(batch) per --batch-size rows: one multi-row INSERT with three parameters per row.',
  notes: ["Three parameters per row: a --batch-size above 21,845 passes the protocol's 65,535-parameter limit."],
  async setup(context) {
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await db.insert(tables.imports).values(batch);
          context.rowsProcessed(batch.length);
        }
      },
      close: () => pool.end(),
    };
  },
});
