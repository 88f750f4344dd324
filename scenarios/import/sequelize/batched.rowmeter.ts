import { defineScenario } from '../../../harness/api/index.js';
import { batches, objectRows } from '../workload.js';
import { connectSequelize } from '../../libraries/sequelize.js';

export default defineScenario({
  name: 'import/sequelize/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'sequelize', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: 'ImportRow.bulkCreate(batch) per --batch-size rows: one multi-row INSERT whose values sequelize escapes into the statement text (no bind parameters), after building a model instance per row.',
  notes: ["bulkCreate inlines the values, so it has no parameter limit: the statement's text grows with the batch instead."],
  async setup(context) {
    const { sequelize, ImportRow } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await ImportRow.bulkCreate(batch);
          context.rowsProcessed(batch.length);
        }
      },
      close: () => sequelize.close(),
    };
  },
});
