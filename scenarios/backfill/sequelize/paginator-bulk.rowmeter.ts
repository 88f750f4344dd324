import { defineScenario } from '../../../harness/api/index.js';
import { computeField, UpdateBatch } from '../workload.js';
import { connectSequelize, flushBatch, INSTANCES_NOTE } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/paginator-bulk',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'paginator-bulk' },
  version: 1,
  support: 'native',
  description: 'The same findAll LIMIT/OFFSET pages, one unnest UPDATE (sequelize.query with bind) per page.',
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        const batch = new UpdateBatch();
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']], limit: context.batchSize, offset });
          context.rowsProcessed(rows.length);
          for (const row of rows) batch.add(row.getDataValue('id'), computeField(row.getDataValue('data')));
          await flushBatch(sequelize, batch);
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => sequelize.close(),
    };
  },
});
