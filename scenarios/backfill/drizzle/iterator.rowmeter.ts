import { defineScenario } from '../../../harness/api/index.js';
import { computeField, type BackfillInput } from '../workload.js';
import { connectDrizzle, NO_ITERATOR_NOTE, updateRow, withPoolClient } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'iterator' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no iterator on PostgreSQL: the query its builder makes (db.select({ id, data }).from(rows).orderBy(rows.id).toSQL()) runs through pg-query-stream (batchSize = --batch-size) on a client of drizzle's own pg.Pool; one db.update per row on the pool's other connection.",
  notes: [NO_ITERATOR_NOTE],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 2);
    return {
      async run() {
        const query = db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id).toSQL();
        await withPoolClient(pool, async (client) => {
          for await (const row of client.query(new QueryStream(query.sql, query.params, { batchSize: context.batchSize })) as AsyncIterable<{ id: number; data: BackfillInput }>) {
            context.rowsProcessed(1);
            await updateRow(db, tables, row.id, computeField(row.data));
          }
        });
      },
      close: () => pool.end(),
    };
  },
});
