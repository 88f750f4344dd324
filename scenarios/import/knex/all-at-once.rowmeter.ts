import { defineScenario } from '../../../harness/api/index.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKnex } from '../../libraries/knex.js';

export default defineScenario({
  name: 'import/knex/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'knex', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: 'Every row built in an array first, then one knex(table).insert(rows): one statement with three parameters per row.',
  notes: ["Beyond 21,845 rows the statement passes the protocol's 65,535-parameter limit; whatever knex and the server then do is recorded as it is."],
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)];
        await db(IMPORT_TABLE).insert(rows);
        context.rowsProcessed(rows.length);
      },
      close: () => db.destroy(),
    };
  },
});
