import { defineScenario } from '../../../harness/api/index.js';
import { IMPORT_TABLE, objectRows } from '../workload.js';
import { connectKysely } from '../../libraries/kysely.js';

export default defineScenario({
  name: 'import/kysely/row-by-row',
  table: 'rowmeter_rows',
  workload: 'import',
  tags: { workload: 'import', library: 'kysely', strategy: 'row-by-row' },
  version: 1,
  support: 'native',
  description: "db.insertInto('rowmeter_import').values(row).execute() per row, each awaited (the document object goes to pg, which serialises it as JSON).",
  async setup(context) {
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        for (const row of objectRows(context.rows, context.payloadBytes)) {
          await db.insertInto(IMPORT_TABLE).values(row).execute();
          context.rowsProcessed(1);
        }
      },
      close,
    };
  },
});
