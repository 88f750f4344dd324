import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, updateRow, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: 'await sql`SELECT id, data … ORDER BY id` buffers every row (postgres.js parses each jsonb), then one UPDATE per row.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        const rows = await sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id`);
        for (const row of rows) {
          context.rowsProcessed(1);
          await updateRow(sql, row.id, computeField(row.data));
        }
      },
      close: () => sql.end(),
    };
  },
});
