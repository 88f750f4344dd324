import { defineScenario } from '../../../harness/api/index.js';
import { batches, IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKnex } from '../../libraries/knex.js';

export default defineScenario({
  name: 'import/knex/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'knex', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: 'knex(table).insert(batch) per --batch-size rows (one multi-row INSERT each), from the generator as it goes.',
  notes: [
    "Not knex.batchInsert: it takes the whole array up front and wraps the chunks in a transaction; inserting each batch as it is made is the streaming use of the same multi-row insert (batchInsert's array is measured as knex/all-at-once's trap).",
  ],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await db(IMPORT_TABLE).insert(batch);
          context.rowsProcessed(batch.length);
        }
      },
      close: () => db.destroy(),
    };
  },
});
