import { defineScenario } from '../../../harness/api/index.js';
import { computeField, TABLE } from '../workload.js';
import { connectKnex, updateRow, type KnexRow } from './connect.js';

export default defineScenario({
  name: 'backfill/knex/full-load',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'knex', strategy: 'full-load' },
  version: 1,
  support: 'native',
  description: "knex(table).select('id', 'data').orderBy('id') buffers every row (pg parses each jsonb), then one .where({ id }).update({ field }) per row.",
  async setup(context) {
    const db = await connectKnex(context.databaseUrl, 1);
    return {
      async run() {
        const rows: KnexRow[] = await db(TABLE).select('id', 'data').orderBy('id');
        for (const row of rows) {
          context.rowsProcessed(1);
          await updateRow(db, row.id, computeField(row.data));
        }
      },
      close: () => db.destroy(),
    };
  },
});
