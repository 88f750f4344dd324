import { defineScenario } from '../../../harness/api/index.js';
import { computeField, cursorBatches, UpdateBatch } from '../workload.js';
import { connectKnex, flushBatch, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'server-cursor' },
  version: 1,
  support: 'emulated',
  description: 'knex has no cursor API: inside knex.transaction, raw SQL DECLARE … NO SCROLL CURSOR, then FETCH --batch-size and one unnest UPDATE (query builder, same trx) per fetch, all on one connection.',
  notes: [
    'One connection (pool of 1): a SQL cursor lives in the transaction, so the updates share it. Each FETCH is one counted query.',
    "knex's own streaming (.stream(), a pg-cursor portal) is measured as knex/iterator and knex/iterator-bulk.",
  ],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        await db.transaction(async (trx) => {
          const batch = new UpdateBatch();
          const batches = cursorBatches<KnexRow>(context.batchSize, {
            execute: (sql) => trx.raw(sql),
            fetch: async (sql) => ((await trx.raw(sql)) as { rows: KnexRow[] }).rows,
          });
          for await (const rows of batches) {
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row.data));
            await flushBatch(trx, batch);
          }
        });
      },
      close: () => db.destroy(),
    };
  },
});
