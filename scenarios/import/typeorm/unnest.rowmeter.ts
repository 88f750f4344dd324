import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectTypeorm } from '../../libraries/typeorm.js';

export default defineScenario({
  name: 'import/typeorm/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'typeorm', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: 'dataSource.query(INSERT … SELECT * FROM unnest($1::int[], $2::jsonb[], $3::int[]), [ids, documents, fields]) per --batch-size rows.',
  async setup(context) {
    const { dataSource } = await connectTypeorm(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await dataSource.query(UNNEST_INSERT_SQL, unnestParameters(batch));
          context.rowsProcessed(batch.length);
        }
      },
      close: () => dataSource.destroy(),
    };
  },
});
