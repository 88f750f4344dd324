import { defineScenario } from '../../../harness/api/index.js';
import { computeField, NARROW_COLUMNS_SQL, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, CURSOR_NOTE, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: 'server-cursor (.cursor(--batch-size), unnest UPDATE per batch on a reserved connection), selecting only id and the JSON paths the backfill reads.',
  notes: [CURSOR_NOTE, COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 2, context.counters);
    const writer = await sql.reserve();
    return {
      async run() {
        const batch = new UpdateBatch();
        for await (const rows of sql.unsafe<Array<BackfillInput & { id: number }>>(`SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} ORDER BY id`).cursor(context.batchSize)) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row));
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
