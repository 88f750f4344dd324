import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectClient, flushBatch } from './connect.js';

export default defineScenario({
  name: 'backfill/pg/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'pg', strategy: 'iterator-bulk' },
  version: 1,
  support: 'native',
  description: 'pg-query-stream (batchSize = --batch-size) read with for await; every --batch-size rows one unnest UPDATE on a second connection.',
  notes: ['A client with an open stream cannot run other queries, so updates use a second connection.'],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const reader = await connectClient(context.databaseUrl);
    const writer = await connectClient(context.databaseUrl);
    return {
      async run() {
        const stream = reader.query(new QueryStream(`SELECT id, data FROM ${TABLE} ORDER BY id`, [], { batchSize: context.batchSize }));
        const batch = new UpdateBatch();
        for await (const row of stream as AsyncIterable<{ id: number; data: BackfillInput }>) {
          context.rowsProcessed(1);
          batch.add(row.id, computeField(row.data));
          if (batch.size >= context.batchSize) await flushBatch(writer, batch);
        }
        await flushBatch(writer, batch);
      },
      async close() {
        await Promise.all([reader.end(), writer.end()]);
      },
    };
  },
});
