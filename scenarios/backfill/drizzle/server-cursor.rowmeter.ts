import { defineScenario } from '../../../harness/api/index.js';
import { computeField, cursorBatches, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectDrizzle, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'drizzle has no cursor API: inside db.transaction, raw SQL through tx.execute(sql.raw(…)): DECLARE … NO SCROLL CURSOR, then FETCH --batch-size and one unnest UPDATE (same tx) per fetch, all on one connection.',
  notes: ['One connection: a SQL cursor lives in its transaction, so the updates share it. Each FETCH is one counted query.'],
  async setup(context) {
    const { sql } = await import('drizzle-orm');
    const { db, pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        await db.transaction(async (tx) => {
          const batch = new UpdateBatch();
          const batches = cursorBatches<{ id: number; data: BackfillInput }>(context.batchSize, {
            execute: (statement) => tx.execute(sql.raw(statement)),
            fetch: async (statement) => (await tx.execute(sql.raw(statement))).rows as Array<{ id: number; data: BackfillInput }>,
          });
          for await (const rows of batches) {
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row.data));
            await flushBatch(tx, batch);
          }
        });
      },
      close: () => pool.end(),
    };
  },
});
