import { defineScenario } from '../../../harness/api/index.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKysely } from '../../libraries/kysely.js';

export default defineScenario({
  name: 'import/kysely/all-at-once',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'kysely', strategy: 'all-at-once' },
  version: 1,
  support: 'native',
  description: "Every row built in an array first, then one db.insertInto('rowmeter_import').values(rows).execute(): the naive version, three parameters per row.",
  notes: ["The protocol allows 65,535 parameters per statement, so beyond 21,845 rows the statement fails with the server's or pg's own error (kysely does not split it): recorded as it is."],
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        const rows = [...objectRows(context.rows, context.payloadBytes)];
        await db.insertInto(IMPORT_TABLE).values(rows).execute();
        context.rowsProcessed(rows.length);
      },
      close,
    };
  },
});
