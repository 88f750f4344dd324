import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectDrizzle, flushBatch, NO_ITERATOR_NOTE, withPoolClient } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'iterator-bulk' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no iterator on PostgreSQL: its builder's query (.toSQL()) through pg-query-stream on a client of drizzle's pg.Pool; every --batch-size rows one unnest UPDATE via db.execute(sql`…`) on the pool's other connection.",
  notes: [NO_ITERATOR_NOTE],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const { db, pool, tables } = await connectDrizzle(context.databaseUrl, 2);
    return {
      async run() {
        const query = db.select({ id: tables.rows.id, data: tables.rows.data }).from(tables.rows).orderBy(tables.rows.id).toSQL();
        const batch = new UpdateBatch();
        await withPoolClient(pool, async (client) => {
          for await (const row of client.query(new QueryStream(query.sql, query.params, { batchSize: context.batchSize })) as AsyncIterable<{ id: number; data: BackfillInput }>) {
            context.rowsProcessed(1);
            batch.add(row.id, computeField(row.data));
            if (batch.size >= context.batchSize) await flushBatch(db, batch);
          }
        });
        await flushBatch(db, batch);
      },
      close: () => pool.end(),
    };
  },
});
