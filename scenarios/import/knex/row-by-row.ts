import type { ScenarioDefinition } from '../../types.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKnex } from '../../libraries/knex.js';

const scenario: ScenarioDefinition = {
  workload: 'import',
  library: 'knex',
  strategy: 'row-by-row',
  version: 1,
  support: 'native',
  how: 'knex(table).insert({ id, data, field }) per row, each awaited (knex serialises the document to JSON).',
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.tableRows, context.payloadBytes)) {
          await db(IMPORT_TABLE).insert(row);
          context.rowsProcessed(1);
        }
      },
      close: () => db.destroy(),
    };
  },
};
export default scenario;
