import { defineScenario } from '../../../harness/api/index.js';
import { computeField, keysetPages, TABLE, UpdateBatch } from '../workload.js';
import { connectPostgresJs, COUNTING_NOTE, flushBatch, type PostgresJsRow } from './connect.js';

export default defineScenario({
  name: 'backfill/postgres-js/keyset',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'postgres-js', strategy: 'keyset' },
  version: 1,
  support: 'native',
  description: 'Seek pagination: WHERE id > last ORDER BY id LIMIT --batch-size, one unnest UPDATE per page.',
  notes: [COUNTING_NOTE],
  async setup(context) {
    const sql = await connectPostgresJs(context.databaseUrl, 1, context.counters);
    return {
      async run() {
        const batch = new UpdateBatch();
        const pages = keysetPages(context.batchSize, (afterId, limit) =>
          sql.unsafe<PostgresJsRow[]>(`SELECT id, data FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]).then((rows) => [...rows]),
        );
        for await (const rows of pages) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
          await flushBatch(sql, batch);
        }
      },
      close: () => sql.end(),
    };
  },
});
