import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectSequelize } from '../../libraries/sequelize.js';

export default defineScenario({
  name: 'import/sequelize/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'sequelize', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: 'sequelize.query(INSERT … SELECT * FROM unnest($1::int[], $2::jsonb[], $3::int[]), { bind: [ids, documents, fields] }) per --batch-size rows: three array parameters whatever the batch size.',
  async setup(context) {
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await sequelize.query(UNNEST_INSERT_SQL, { bind: unnestParameters(batch) });
          context.rowsProcessed(batch.length);
        }
      },
      close: () => sequelize.close(),
    };
  },
});
