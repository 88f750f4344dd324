import { defineScenario } from '../../../harness/api/index.js';
import { objectRows } from '../workload.js';
import { connectSequelize } from '../../libraries/sequelize.js';

export default defineScenario({
  name: 'import/sequelize/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'sequelize', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: 'ImportRow.create(row) per row, each awaited: sequelize builds and validates a model instance and sends INSERT … RETURNING with bind parameters.',
  async setup(context) {
    const { sequelize, ImportRow } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await ImportRow.create(row);
          context.rowsProcessed(1);
        }
      },
      close: () => sequelize.close(),
    };
  },
});
