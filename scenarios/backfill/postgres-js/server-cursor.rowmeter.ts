import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE, flushBatch, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'server-cursor' },
  version: 1,
  support: 'native',
  description: 'sql`SELECT id, data … ORDER BY id`.cursor(--batch-size): a server-side portal read --batch-size rows at a time; one unnest UPDATE per batch on a second, reserved connection.',
  notes: [CURSOR_NOTE, COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 2, context.counters);
    const writer = await sql.reserve();
    return {
      async run() {
        const batch = new UpdateBatch();
        for await (const rows of sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id`).cursor(context.batchSize)) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(writer, batch);
        }
      },
      async close() {
        writer.release();
        await sql.end();
      },
    };
  },
});
