import { defineScenario } from '../../../harness/api/index.js';
import { computeField, ROW_UPDATE_SQL, TABLE, type BackfillInput } from '../workload.js';
import { connectClient } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'iterator' },
  version: 1,
  support: 'native',
  description: 'pg-query-stream (batchSize = --batch-size) read with for await, one UPDATE per row on a second connection.',
  notes: ['A client with an open stream cannot run other queries, so updates use a second connection.'],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const reader = await connectClient(context.databaseUrl);
    const writer = await connectClient(context.databaseUrl);
    return {
      async run() {
        const stream = reader.query(new QueryStream(`SELECT id, data FROM ${TABLE} ORDER BY id`, [], { batchSize: context.batchSize }));
        for await (const row of stream as AsyncIterable<{ id: number; data: BackfillInput }>) {
          context.rowsProcessed(1);
          await writer.query(ROW_UPDATE_SQL, [computeField(row.data), row.id]);
        }
      },
      async close() {
        await Promise.all([reader.end(), writer.end()]);
      },
    };
  },
});
