import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectSequelize } from '../../libraries/sequelize.js';

export default defineScenario({
  name: 'import/sequelize/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'sequelize', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: 'Every row built in an array first, then one ImportRow.bulkCreate(rows): the naive version; sequelize escapes every value into one statement text.',
  notes: ["No parameter limit applies (the values are inlined), so the whole import is one statement as large as the data, built in memory next to a model instance per row."],
  async setup(context) {
    const { sequelize, ImportRow } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)];
        await ImportRow.bulkCreate(rows);
        context.rowsProcessed(rows.length);
      },
      close: () => sequelize.close(),
    };
  },
});
