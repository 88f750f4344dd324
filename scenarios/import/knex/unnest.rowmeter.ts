import { defineScenario } from '../../../harness/api/index.js';
import { batches, textRows, UNNEST_INSERT_SQL, unnestParameters } from '../workload.js';
import { connectKnex } from '../../libraries/knex.js';

/** UNNEST_INSERT_SQL with knex's positional `?` bindings. */
const KNEX_UNNEST_SQL = UNNEST_INSERT_SQL.replace('$1', '?').replace('$2', '?').replace('$3', '?');

export default defineScenario({
  name: 'import/knex/unnest',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'knex', strategy: 'unnest' },
  version: 1,
  support: 'native',
  description: 'knex.raw(INSERT … SELECT * FROM unnest(?::int[], ?::jsonb[], ?::int[])) per --batch-size rows: three array bindings whatever the batch size.',
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        for (const batch of batches(textRows(context.rows, context.payloadBytes), context.batchSize)) {
          await db.raw(KNEX_UNNEST_SQL, unnestParameters(batch));
          context.rowsProcessed(batch.length);
        }
      },
      close: () => db.destroy(),
    };
  },
});
