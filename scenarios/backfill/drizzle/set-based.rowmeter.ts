import { defineScenario } from '../../../harness/api/index.js';
import { SET_BASED_UPDATE_SQL } from '../workload.js';
import { connectDrizzle } from './connect.js';

export default defineScenario({
  name: 'backfill/drizzle/set-based',
  table: 'rowmeter_rows',
  workload: 'backfill',
  tags: { workload: 'backfill', library: 'drizzle', strategy: 'set-based' },
  version: 1,
  support: 'native',
  description: "db.execute(sql.raw(SET_BASED_UPDATE_SQL)): one server-side UPDATE, no row reaches the client (drizzle's raw SQL is its API for this). The lower bound.",
  async setup(context) {
    const { sql } = await import('drizzle-orm');
    const { db, pool } = await connectDrizzle(context.databaseUrl, 1);
    return {
      async run() {
        const result = await db.execute(sql.raw(SET_BASED_UPDATE_SQL));
        context.rowsProcessed(result.rowCount ?? 0);
      },
      close: () => pool.end(),
    };
  },
});
