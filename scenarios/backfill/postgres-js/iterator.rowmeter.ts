import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE, updateRow, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: 'for await over sql`SELECT id, data … ORDER BY id`.cursor(--batch-size), one awaited UPDATE per row on a second, reserved connection.',
  notes: [CURSOR_NOTE, COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 2, context.counters);
    const writer = await sql.reserve();
    return {
      async run() {
        const cursor = sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id`).cursor(context.batchSize);
        for await (const rows of cursor) {
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(writer, row.id, computeField(row.data));
          }
        }
      },
      async close() {
        writer.release();
        await sql.end();
      },
    };
  },
});
