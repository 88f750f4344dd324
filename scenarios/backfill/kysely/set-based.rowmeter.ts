import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectKysely } from './connect.js';

export default defineScenario({
  name: 'backfill/kysely/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'kysely', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: "sql.raw(SET_BASED_UPDATE_SQL).execute(db): one server-side UPDATE, no row reaches the client (kysely's raw SQL is its API for this). The lower bound.",
  async setup(context) {
    const { sql } = await import('kysely');
    const { db, close } = await connectKysely(context.databaseUrl, 1);
    return {
      async run() {
        const result = await sql.raw(SET_BASED_UPDATE_SQL).execute(db);
        context.rowsProcessed(Number(result.numAffectedRows ?? 0n));
      },
      close,
    };
  },
});
