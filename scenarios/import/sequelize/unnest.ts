import type { ScenarioDefinition } from '../../types.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectSequelize } from '../../libraries/sequelize.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'sequelize',
  strategy: 'unnest',
  version: 1,
  support: 'native',
  how: 'sequelize.query(INSERT … SELECT * FROM unnest($1::int[], $2::jsonb[], $3::int[]), { bind: [ids, documents, fields] }) per --batch-size rows: three array parameters whatever the batch size.',
  async setup(context) {
    const { sequelize } = await connectSequelize(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(textRows(context.tableRows, context.payloadBytes), context.batchSize)) {
          await sequelize.query(UNNEST_INSERT_SQL, { bind: unnestParameters(batch) });
          context.rowsProcessed(batch.length);
        }
      },
      close: () => sequelize.close(),
    };
  },
};
export default scenario;
