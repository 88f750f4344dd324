import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE, flushBatch, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'iterator-bulk' },
  version: 1,
  support: 'native',
  description: 'for await over sql`SELECT id, data … ORDER BY id`.cursor(--batch-size), rows taken one by one; every --batch-size rows one unnest UPDATE on a second, reserved connection.',
  notes: [CURSOR_NOTE, 'postgres.js has no other stream than .cursor(n), so iterator-bulk and server-cursor read the same way.', COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 2, context.counters);
    const writer = await sql.reserve();
    return {
      async run() {
        const batch = new UpdateBatch();
        for await (const rows of sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id`).cursor(context.batchSize)) {
          for (const row of rows) {
            context.rowsProcessed(1);
            batch.add(row.id, computeField(row.data));
            if (batch.size >= context.batchSize) await flushBatch(writer, batch);
          }
        }
        await flushBatch(writer, batch);
      },
      async close() {
        writer.release();
        await sql.end();
      },
    };
  },
});
