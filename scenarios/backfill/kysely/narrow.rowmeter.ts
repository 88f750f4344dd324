import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectKysely, flushBatch, STREAM_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/narrow',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'narrow' },
  version: 1,
  support: 'native',
  description: "server-cursor (.stream(--batch-size), unnest UPDATE per batch), selecting only id and the JSON paths the backfill reads (sql`data->'items'`.as('items'), …).",
  notes: [STREAM_NOTE],
  async setup(context) {
    const { sql } = await import('kysely');
    const { db, close } = await connectKysely(context.databaseUrl, 2);
    return {
      async run() {
        const batch = new UpdateBatch();
        const rows = db
          .selectFrom('rowmeter_rows')
          .select([
            'id',
            sql<BackfillInput['items']>`data->'items'`.as('items'),
            sql<BackfillInput['tags']>`data->'tags'`.as('tags'),
            sql<BackfillInput['meta']>`data->'meta'`.as('meta'),
          ])
          .orderBy('id')
          .stream(context.batchSize);
        for await (const row of rows) {
          batch.add(row.id, computeField(row));
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
