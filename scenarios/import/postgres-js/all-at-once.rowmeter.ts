import { defineScenario } from '../../../harness/api/index.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from '../../libraries/postgres-js.js';

export default defineScenario({
  name: 'import/postgres-js/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'postgres-js', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: "Every row built in an array first, then one sql`INSERT INTO ${sql(table)} ${sql(rows, 'id', 'data', 'field')}`: the naive version, three parameters per row.",
  notes: [COUNTING_NOTE, "The protocol allows 65,535 parameters per statement, so beyond 21,845 rows the statement fails with whatever error the server or postgres.js gives: recorded as it is."],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)];
        await sql`INSERT INTO ${sql(IMPORT_TABLE)} ${sql(rows as never, 'id', 'data', 'field')}`;
        context.rowsProcessed(rows.length);
      },
      close: () => sql.end(),
    };
  },
});
