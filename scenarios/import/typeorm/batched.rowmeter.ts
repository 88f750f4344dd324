import { defineScenario } from '../../../harness/api/index.js';
import { batches, objectRows } from '../workload.js';
import { connectTypeorm } from '../../libraries/typeorm.js';

export default defineScenario({
  name: 'import/typeorm/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'typeorm', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: 'createQueryBuilder().insert().into(ImportRow).values(batch).execute() per --batch-size rows: one multi-row INSERT each.',
  async setup(context) {
    const { dataSource, imports } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(objectRows(context.rows, context.payloadBytes), context.batchSize)) {
          await imports.createQueryBuilder().insert().values(batch).execute();
          context.rowsProcessed(batch.length);
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
