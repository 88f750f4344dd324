import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, valuesInsertSql, valuesParameters } from '../workload.js';
import { connectClient } from '../../libraries/pg.js';

export default defineScenario({
  name: 'import/pg/batched',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'pg', strategy: 'batched' },
  version: 1,
  support: 'native',
  description: 'One multi-row INSERT … VALUES ($1, $2::jsonb, $3), ($4, …) through client.query per --batch-size rows, three parameters per row: pg has no bulk-insert helper, this is how it is done with pg.',
  notes: ['Three parameters per row: a --batch-size above 21,845 passes the protocol\'s 65,535-parameter limit.'],
  async setup(context) {
    const client = await connectClient(context.databaseUrl);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await client.query(valuesInsertSql(batch.length), valuesParameters(batch));
          context.rowsProcessed(batch.length);
        }
      },
      close: () => client.end(),
    };
  },
});
