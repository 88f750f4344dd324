import { defineScenario } from '../../../harness/api/index.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKnex } from '../../libraries/knex.js';

export default defineScenario({
  name: 'import/knex/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'knex', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: 'knex(table).insert({ id, data, field }) per row, each awaited (knex serialises the document to JSON).',
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await db(IMPORT_TABLE).insert(row);
          context.rowsProcessed(1);
        }
      },
      close: () => db.destroy(),
    };
  },
});
