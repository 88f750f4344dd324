import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectClient } from '../../libraries/pg.js';

export default defineScenario({
  name: 'import/pg/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'pg', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: 'One INSERT … SELECT * FROM unnest($1::int[], $2::jsonb[], $3::int[]) per --batch-size rows: three array parameters whatever the batch size.',
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await client.query(UNNEST_INSERT_SQL, unnestParameters(batch));
          context.rowsProcessed(batch.length);
        }
      },
      close: () => client.end(),
    };
  },
});
