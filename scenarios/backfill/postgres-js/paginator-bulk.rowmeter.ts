import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, flushBatch, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: 'Pages of --batch-size rows with LIMIT/OFFSET, one unnest UPDATE per page.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} ORDER BY id LIMIT $1 OFFSET $2`, [context.batchSize, offset]);
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(sql, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => sql.end(),
    };
  },
});
