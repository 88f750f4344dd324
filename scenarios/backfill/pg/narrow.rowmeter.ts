import { defineScenario } from '../../../harness/api/index.js';
import { computeField, NARROW_COLUMNS_SQL, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectClient, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: 'server-cursor (pg-cursor read(--batch-size), unnest UPDATE per read on a second connection), selecting only id and the JSON paths the backfill reads.',
  notes: ['A client with an open cursor cannot run other queries, so updates use a second connection.'],
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const reader = await connectClient(context.databaseUrl);
    const writer = await connectClient(context.databaseUrl);
    return {
      async run() {
        const cursor = reader.query(new Cursor<BackfillInput & { id: number }>(`SELECT ${NARROW_COLUMNS_SQL} FROM ${TABLE} ORDER BY id`));
        const batch = new UpdateBatch();
        for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row));
          await flushBatch(writer, batch);
        }
        await cursor.close();
      },
      async close() {
        await Promise.all([reader.end(), writer.end()]);
      },
    };
  },
});
