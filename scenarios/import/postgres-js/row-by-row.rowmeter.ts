import { defineScenario } from '../../../harness/api/index.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE } from '../../libraries/postgres-js.js';

export default defineScenario({
  name: 'import/postgres-js/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'postgres-js', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: "sql`INSERT INTO ${sql(table)} ${sql(row, 'id', 'data', 'field')}` per row, each awaited (postgres.js's insert helper; the document goes as an object and postgres.js serialises it because the server describes the parameter as jsonb).",
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await sql`INSERT INTO ${sql(IMPORT_TABLE)} ${sql(row as never, 'id', 'data', 'field')}`;
          context.rowsProcessed(1);
        }
      },
      close: () => sql.end(),
    };
  },
});
