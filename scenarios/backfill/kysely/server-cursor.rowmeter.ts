import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectKysely, flushBatch, STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/server-cursor',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'server-cursor' },
  version: 1,
  support: 'native',
  description: "kysely's .stream(--batch-size) is a server-side cursor (pg-cursor's portal, --batch-size rows per read); one unnest UPDATE per --batch-size rows through the second pooled connection.",
  notes: [STREAM_NOTE, "kysely's only stream is this cursor, so its iterator-bulk and server-cursor read the same way."],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 2);
    return {
      async run() {
        const batch = new UpdateBatch();
        for await (const row of db.selectFrom('rowmeter_rows').select(['id', 'data']).orderBy('id').stream(context.batchSize)) {
          batch.add(row.id, computeField(row.data));
          if (batch.size >= context.batchSize) {
            context.rowsProcessed(batch.size);
            await flushBatch(db, batch);
          }
        }
        context.rowsProcessed(batch.size);
        await flushBatch(db, batch);
      },
      close,
    };
  },
});
