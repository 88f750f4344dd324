import { defineScenario } from '../../../harness/api/index.js';
import { computeField, NARROW_COLUMNS_SQL, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectSequelize, flushBatch, NO_STREAM_NOTE, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'narrow' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no cursor: pg-cursor read(--batch-size) on the pg client behind one of its pooled connections, selecting only id and the JSON paths the backfill reads; one unnest UPDATE (sequelize.query) per read on the other connection.",
  notes: [NO_STREAM_NOTE],
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const { sequelize } = await connectSequelize(context.databaseUrl, 2);
    return {
      async run() {
        const batch = new UpdateBatch();
        await withPgConnection(sequelize, async (client) => {
          const cursor = client.query(new Cursor<BackfillInput & { id: number }>(`SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} ORDER BY id`));
          for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
            context.rowsProcessed(rows.length);
            for (const row of rows) batch.add(row.id, computeField(row));
            await flushBatch(sequelize, batch);
          }
          await cursor.close();
        });
      },
      close: () => sequelize.close(),
    };
  },
});
