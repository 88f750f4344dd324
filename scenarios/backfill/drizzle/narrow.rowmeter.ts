import { defineScenario } from '../../../harness/api/index.js';
import { computeField, NARROW_COLUMNS_SQL, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectDrizzle, flushBatch, NO_ITERATOR_NOTE, withPoolClient } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'narrow' },
  version: 1,
  support: 'emulated',
  description: "drizzle has no cursor: pg-cursor read(--batch-size) on a client of drizzle's pg.Pool, selecting only id and the JSON paths the backfill reads; one unnest UPDATE (db.execute) per read on the pool's other connection.",
  notes: [NO_ITERATOR_NOTE],
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const { db, pool } = await connectDrizzle(context.databaseUrl, 2);
    return {
      async run() {
        const batch = new UpdateBatch();
        await withPoolClient(pool, async (client) => {
          const cursor = client.query(new Cursor<BackfillInput & { id: number }>(`SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} ORDER BY id`));
          for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row));
            await flushBatch(db, batch);
          }
          await cursor.close();
        });
      },
      close: () => pool.end(),
    };
  },
});
