import type { ScenarioDefinition } from '../../types.js';
import { batches, IMPORT_TABLE, objectRows } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from '../../libraries/postgres-js.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'postgres-js',
  strategy: 'batched',
  version: 1,
  support: 'native',
  how: "sql`INSERT INTO ${sql(table)} ${sql(batch, 'id', 'data', 'field')}` per --batch-size rows: postgres.js's insert helper makes one multi-row INSERT with three parameters per row.",
  notes: [COUNTING_NOTE, "Three parameters per row: a --batch-size above 21,845 passes the protocol's 65,535-parameter limit."],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        for (const batch of batches(objectRows(context.tableRows, context.payloadBytes), context.batchSize)) {
          await sql`INSERT INTO ${sql(IMPORT_TABLE)} ${sql(batch as never, 'id', 'data', 'field')}`;
          context.rowsProcessed(batch.length);
        }
      },
      close: () => sql.end(),
    };
  },
};
export default scenario;
