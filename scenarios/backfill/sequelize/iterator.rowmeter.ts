import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE, type BackfillInput } from '../workload.js';
import { connectSequelize, NO_STREAM_NOTE, updateRow, withPgConnection } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/iterator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'iterator' },
  version: 1,
  support: 'emulated',
  description: "sequelize has no stream: pg-query-stream (batchSize = --batch-size) on the pg client behind one of sequelize's pooled connections (connectionManager.getConnection()); one Row.update per row through the pool's other connection.",
  notes: [NO_STREAM_NOTE],
  async setup(context) {
    const { default: QueryStream } = await import('pg-query-stream');
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 2);
    return {
      async run() {
        await withPgConnection(sequelize, async (client) => {
          for await (const row of client.query(new QueryStream(`SELECT id, data FROM ${TABLE} ORDER BY id`, [], { batchSize: context.batchSize })) as AsyncIterable<{ id: number; data: BackfillInput }>) {
            context.rowsProcessed(1);
            await updateRow(Row, row.id, computeField(row.data));
          }
        });
      },
      close: () => sequelize.close(),
    };
  },
});
