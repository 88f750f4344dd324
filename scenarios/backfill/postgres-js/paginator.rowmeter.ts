import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, updateRow, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: 'Pages of --batch-size rows with sql`… ORDER BY id LIMIT ${n} OFFSET ${k}`, one UPDATE per row.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id LIMIT $1 OFFSET $2`, [context.batchSize, offset]);
          for (const row of rows) {
            context.rowsProcessed(1);
            await sql.unsafe(`UPDATE ${TABLE} SET field = $1 WHERE id = $2`, [computeField(row.data), row.id]);
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => sql.end(),
    };
  },
});
