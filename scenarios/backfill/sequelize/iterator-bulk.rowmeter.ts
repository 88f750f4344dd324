import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, UpdateBatch, type BackfillInput } from '../workload.js';
import { connectSequelize, flushBatch, NO_STREAM_NOTE, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/iterator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'iterator-bulk' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no stream: pg-query-stream on the pg client behind one of its pooled connections; every --batch-size rows one unnest UPDATE through sequelize.query (bind) on the other connection.",
  notes: [NO_STREAM_NOTE],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const { sequelize } = await connectSequelize(context.databaseUrl, 2);
    return {
      async run() {
        const batch = new UpdateBatch();
        await withPgConnection(sequelize, async (client) => {
          for await (const row of client.query(new QueryStream(`SELECT id, data FROM ${TABLE} ORDER BY id`, [], { batchSize: context.batchSize })) as AsyncIterable<{ id: number; data: BackfillInput }>) {
            context.rowsProcessed(1);
            batch.add(row.id, computeField(row.data));
            if (batch.size >= context.batchSize) await flushBatch(sequelize, batch);
          }
        });
        await flushBatch(sequelize, batch);
      },
      close: () => sequelize.close(),
    };
  },
});
