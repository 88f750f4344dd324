import { defineScenario } from '../../../harness/api/index.js';
import { batches, IMPORT_TABLE, objectRows } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from '../../libraries/postgres-js.js';

export default defineScenario({
  name: 'import/postgres-js/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'postgres-js', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: "sql`INSERT INTO ${sql(table)} ${sql(batch, 'id', 'data', 'field')}` per --batch-size rows: postgres.js's insert helper makes one multi-row INSERT with three parameters per row.",
  notes: [COUNTING_NOTE, "Three parameters per row: a --batch-size above 21,845 passes the protocol's 65,535-parameter limit."],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await sql`INSERT INTO ${sql(IMPORT_TABLE)} ${sql(batch as never, 'id', 'data', 'field')}`;
          context.rowsProcessed(batch.length);
        }
      },
      close: () => sql.end(),
    };
  },
});
