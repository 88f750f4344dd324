import type { ScenarioDefinition } from '../types.js';
import { computeField, TABLE, UpdateBatch } from '../workload.js';
import { connectKnex, fetchCount, flushBatch, type KnexRow } from './connect.js';

const scenario: ScenarioDefinition = {
  library: 'knex',
  strategy: 'server-cursor',
  version: 1,
  support: 'emulated',
  how: 'knex has no cursor API: inside knex.transaction, raw SQL DECLARE … NO SCROLL CURSOR, then FETCH --batch-size and one unnest UPDATE (query builder, same trx) per fetch, all on one connection.',
  notes: [
    'One connection (pool of 1): a SQL cursor lives in the transaction, so the updates share it. Each FETCH is one counted query.',
    "knex's own streaming (.stream(), a pg-cursor portal) is measured as knex/iterator and knex/iterator-bulk.",
  ],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    const count = fetchCount(context.batchSize);
    return {
      async run() {
        await db.transaction(async (trx) => {
          await trx.raw(`DECLARE rowmeter_cursor NO SCROLL CURSOR FOR SELECT id, data FROM ${TABLE} ORDER BY id`);
          const batch = new UpdateBatch();
          for (;;) {
            const { rows } = (await trx.raw(`FETCH ${count} FROM rowmeter_cursor`)) as { rows: KnexRow[] };
            if (rows.length === 0) break;
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row.data));
            await flushBatch(trx, batch);
          }
          await trx.raw('CLOSE rowmeter_cursor');
        });
      },
      close: () => db.destroy(),
    };
  },
};
export default scenario;
