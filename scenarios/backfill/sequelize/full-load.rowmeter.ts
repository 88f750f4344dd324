import { defineScenario } from '../../../harness/api/index.js';
import { computeField } from '../workload.js';
import { connectSequelize, INSTANCES_NOTE, updateRow } from './connect.js';

export default defineScenario({
  name: 'backfill/sequelize/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'sequelize', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']] }) builds every row as a model instance, then one Row.update({ field }, { where: { id } }) per row.",
  notes: [INSTANCES_NOTE],
  async setup(context) {
    const { sequelize, Row } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        const rows = await Row.findAll({ attributes: ['id', 'data'], order: [['id', 'ASC']] });
        for (const row of rows) {
          context.rowsProcessed(1);
          await updateRow(Row, row.getDataValue('id'), computeField(row.getDataValue('data')));
        }
      },
      close: () => sequelize.close(),
    };
  },
});
