import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectSequelize, INSTANCES_NOTE, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/paginator',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'paginator' },
  version: 1,
  support: 'native',
  description: "Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']], limit: --batch-size, offset: k }) pages, one Row.update per row.",
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        for (let offset = 0; ; offset += context.batchSize) {
          const rows = await Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']], limit: context.batchSize, offset });
          for (const row of rows) {
            context.rowsProcessed(1);
            await updateRow(Row, row.getDataValue('id'), computeField(row.getDataValue('data')));
          }
          if (rows.length < context.batchSize) break;
        }
      },
      close: () => sequelize.close(),
    };
  },
});
