import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectClient, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'server-cursor' },
  version: 1,
  support: 'native',
  description: 'pg-cursor read(--batch-size) until empty; one unnest UPDATE per read on a second connection.',
  notes: ['A client with an open cursor cannot run other queries, so updates use a second connection.'],
  async setup(context) {
    const { default: Cursor } = await import('pg-cursor');
    const reader = await connectClient(context.databaseUrl);
    const writer = await connectClient(context.databaseUrl);
    return {
      async run() {
        const cursor = reader.query(new Cursor<{ id: number; data: BackfillInput }>(`SELECT id, data FROM ${TABLE} ORDER BY id`));
        const batch = new UpdateBatch();
        for (let rows = await cursor.read(context.batchSize); rows.length > 0; rows = await cursor.read(context.batchSize)) {
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.id, computeField(row.data));
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
