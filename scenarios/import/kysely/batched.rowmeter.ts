import { defineScenario } from '../../../harness/api/index.js';
import { batches, IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKysely } from '../../libraries/kysely.js';

export default defineScenario({
  name: 'import/kysely/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'kysely', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: "db.insertInto('rowmeter_import').values(batch).execute() per --batch-size rows: one multi-row INSERT with three parameters per row.",
  notes: ["Three parameters per row: a --batch-size above 21,845 passes the protocol's 65,535-parameter limit."],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await db.insertInto(IMPORT_TABLE).values(batch).execute();
          context.rowsProcessed(batch.length);
        }
      },
      close,
    };
  },
});
